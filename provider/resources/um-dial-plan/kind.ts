import { z } from 'zod';
import { checkedText, ciEnum, digitString, e164Number, exchangeObjectName, field } from '../define';
import { canonicalLanguage, languageProblem } from '../../topology/strings';
import type { SimpleKind } from '../simple';

/** Exchange derives "<name> Default Policy" from a dial plan's name, and policy names stop at 64. */
export const DIAL_PLAN_NAME_MAX = 49;

// Every property's rules live here, for the resource and the topology's dialPlans entries alike
// (the topology leaves out uriType, always SipName, and generateMailboxPolicy).
export const umDialPlanFields = {
  // A rename keeps the old PhoneContext (and ExchUcUtil's hunt-group pilot), so it replaces.
  name: field({
    schema: exchangeObjectName('SIP dial plan name', DIAL_PLAN_NAME_MAX, {
      maxReason: 'Exchange derives "<name> Default Policy" from it and policy names stop at 64',
      // New-UMDialPlan refuses spaces in a SipName plan's name; Lync can't use one either.
      noSpaces: 'SIP dial plan names must not contain spaces (Exchange and Lync refuse them): remove them, e.g. LyncSipDP',
      // ExchUcUtil.ps1 takes PhoneContext.Split('.')[0] as the hunt group pilot (cmdlet reference §8).
      noDots: 'the hunt group pilot is the first label of the dial plan\'s phone context "<name>.<domain>", so a dot would cut the name short: remove it',
    }),
    description: 'the name of the SIP URI dial plan (at most 49 characters, no spaces or dots), e.g. LyncSipDP',
    param: 'Name',
    type: 'string',
    compare: 'ci',
    fixed: true,
  }),
  uriType: field({ schema: ciEnum(['SipName', 'TelExtn', 'E164']).default('SipName'), description: 'how UM addresses its users', param: 'URIType', type: 'string', compare: 'ci', fixed: true }),
  extensionDigits: field({
    schema: z.number().int().min(1, 'must be between 1 and 20').max(20, 'must be between 1 and 20'),
    description: "the number of digits in the dial plan's extensions, 1 to 20, e.g. 5",
    param: 'NumberOfDigitsInExtension',
    type: 'int',
    fixed: true,
  }),
  countryCode: field({
    schema: digitString(1, 4, 'country code', { example: '"1" or "44"' }),
    description: 'the country or region code, 1 to 4 digits, e.g. "1"',
    param: 'CountryOrRegionCode',
    type: 'string',
  }),
  // Secured (SIP over mutual TLS + SRTP) is the only setting every pool encryption level except "none" accepts.
  voipSecurity: field({
    schema: ciEnum(['Unsecured', 'SIPSecured', 'Secured']).default('Secured'),
    description: "the encryption of the dial plan's SIP traffic and media",
    param: 'VoIPSecurity',
    type: 'string',
    compare: 'ci',
  }),
  defaultLanguage: field({
    schema: checkedText({ check: languageProblem }).transform(canonicalLanguage).default('en-US'),
    description: 'a UM language (the culture name of an installed UM language pack), e.g. en-US',
    param: 'DefaultLanguage',
    type: 'string',
    compare: 'ci',
  }),
  faxEnabled: field({ schema: z.boolean().default(false), description: 'whether UM answers incoming faxes, true or false', param: 'FaxEnabled', type: 'bool' }),
  // Exchange takes free-form numbers here; Lync's integration guide sets them in E.164 (OcsUmUtil's contacts carry them).
  accessNumbers: field({
    schema: z.array(e164Number()).default([]),
    description: 'the Outlook Voice Access numbers, E.164, e.g. [+14255550100]',
    param: 'AccessTelephoneNumbers',
    type: 'string[]',
    compare: 'set',
  }),
  generateMailboxPolicy: field({ schema: z.boolean().default(true), description: 'whether New-UMDialPlan creates "<name> Default Policy"', param: 'GenerateUMMailboxPolicy', type: 'bool', createOnly: true }),
  // Set-UMDialPlan only. Unset leaves Exchange's value (3) alone.
  logonFailuresBeforeDisconnect: field({
    schema: z.number().int().min(1, 'must be between 1 and 20').max(20, 'must be between 1 and 20').optional(),
    description: "the number of sign-in failures in a row Outlook Voice Access allows before it hangs up, 1 to 20, e.g. 5; unset keeps Exchange's value (3)",
    param: 'LogonFailuresBeforeDisconnect',
    type: 'int',
    setOnly: true,
  }),
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
