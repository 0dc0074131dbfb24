import { z } from 'zod';
import { exchangeName, field, text } from '../define';
import type { SimpleKind } from '../simple';

export const umDialPlanFields = {
  // A rename keeps the old PhoneContext (and ExchUcUtil's hunt-group pilot), so it replaces.
  name: field({
    schema: exchangeName(49).refine((s) => !/\s/.test(s), 'must not contain spaces (Lync needs SIP dial plan names without spaces)'),
    param: 'Name',
    type: 'string',
    compare: 'ci',
    fixed: true,
  }),
  uriType: field({ schema: z.enum(['SipName', 'TelExtn', 'E164']).default('SipName'), param: 'URIType', type: 'string', compare: 'ci', fixed: true }),
  extensionDigits: field({
    schema: z.number().int().min(1, 'must be between 1 and 20').max(20, 'must be between 1 and 20'),
    param: 'NumberOfDigitsInExtension',
    type: 'int',
    fixed: true,
  }),
  countryCode: field({ schema: z.string().regex(/^\d{1,4}$/, 'must be 1 to 4 digits, e.g. "1" or "44"'), param: 'CountryOrRegionCode', type: 'string' }),
  voipSecurity: field({ schema: z.enum(['Unsecured', 'SIPSecured', 'Secured']).default('Secured'), param: 'VoIPSecurity', type: 'string', compare: 'ci' }),
  defaultLanguage: field({ schema: text(16).default('en-US'), param: 'DefaultLanguage', type: 'string', compare: 'ci' }),
  faxEnabled: field({ schema: z.boolean().default(false), param: 'FaxEnabled', type: 'bool' }),
  accessNumbers: field({
    schema: z.array(z.string().regex(/^\+?\d{1,31}$/, 'must be a phone number of digits with an optional leading +')).default([]),
    param: 'AccessTelephoneNumbers',
    type: 'string[]',
    compare: 'set',
  }),
  generateMailboxPolicy: field({ schema: z.boolean().default(true), param: 'GenerateUMMailboxPolicy', type: 'bool', createOnly: true }),
};

export const umDialPlanKind: SimpleKind<typeof umDialPlanFields> = {
  type: 'UmDialPlan',
  label: 'UM dial plan',
  fields: umDialPlanFields,
  identity: (i) => i.name,
  rowKey: (r) => String(r.name),
  getCmdlet: 'Get-UMDialPlan',
  newCmdlet: 'New-UMDialPlan',
  setCmdlet: 'Set-UMDialPlan',
  removalAffects: ['UMMailbox', 'UmHuntGroup', 'UmAutoAttendant'],
  removeCmdlet: 'Remove-UMDialPlan',
  computed: { phoneContext: { prop: 'PhoneContext', type: 'string' } },
  // Exchange refuses to remove a dial plan while its (auto-created) mailbox policy exists.
  beforeRemove: (state, b) => {
    b.command('Get-UMMailboxPolicy', { UMDialPlan: String(state.name) }, ' | Remove-UMMailboxPolicy -Confirm:$false');
  },
};
