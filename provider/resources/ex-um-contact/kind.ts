import { z } from 'zod';
import { field, text } from '../define';
import type { SimpleKind } from '../simple';

// What OcsUmUtil.exe creates: a contact per Outlook Voice Access number and per auto attendant.
export const exUmContactFields = {
  sipAddress: field({
    schema: text(256, 5, /^sip:[^@\s]+@[^@\s]+$/i, "must look like 'sip:name@domain'"),
    param: 'SipAddress',
    type: 'string',
    compare: 'ci',
    fixed: true,
  }),
  // Set-CsExUmContact can't change the pool (only Move- can, and it always prompts) or the OU.
  registrarPool: field({ schema: text(255, 1), param: 'RegistrarPool', type: 'string', compare: 'ci', fixed: true }),
  ou: field({ schema: text(1024, 1, /^(OU|CN|DC)=/i, "must be a distinguished name such as 'OU=ExUmContacts,DC=lab,DC=contoso,DC=com'"), param: 'OU', prop: null, type: 'string', createOnly: true }),
  displayNumber: field({ schema: z.string().regex(/^\+?[1-9]\d{0,30}$/, 'must be an E.164 number: digits with an optional leading +, not starting with 0'), param: 'DisplayNumber', type: 'string' }),
  autoAttendant: field({ schema: z.boolean().default(false), param: 'AutoAttendant', type: 'bool' }),
  description: field({ schema: text(1024).optional(), param: 'Description', type: 'string' }),
};

export const exUmContactKind: SimpleKind<typeof exUmContactFields> = {
  type: 'ExUmContact',
  label: 'Exchange UM contact',
  fields: exUmContactFields,
  identity: (i) => i.sipAddress,
  rowKey: (r) => String(r.sipAddress),
  getCmdlet: 'Get-CsExUmContact',
  newCmdlet: 'New-CsExUmContact',
  setCmdlet: 'Set-CsExUmContact',
  removeCmdlet: 'Remove-CsExUmContact',
};
