import { z } from 'zod';
import { distinguishedNameProblem, fqdnProblem, sipAddressProblem } from '../../topology/strings';
import { checkedText, e164Number, field, freeText } from '../define';
import type { SimpleKind } from '../simple';

// What OcsUmUtil.exe creates: a contact per Outlook Voice Access number and per auto attendant.
// The topology's contacts entries take these fields, with registrarPool as `pool` and, in place
// of the autoAttendant flag, a kind and the name of the auto attendant.
export const exUmContactFields = {
  sipAddress: field({
    schema: checkedText({ check: (s) => sipAddressProblem(s, 'sip:ova@contoso.com') }),
    description: 'its SIP address, e.g. sip:ova@contoso.com',
    param: 'SipAddress',
    type: 'string',
    compare: 'ci',
    fixed: true,
  }),
  // Set-CsExUmContact can't change the pool (only Move- can, and it always prompts) or the OU.
  registrarPool: field({ schema: checkedText({ check: (s) => fqdnProblem(s, 'pool01.contoso.com') }), description: 'the FQDN of the Lync pool that homes it, e.g. pool01.contoso.com', param: 'RegistrarPool', type: 'string', compare: 'ci', fixed: true }),
  ou: field({
    schema: checkedText({
      max: 1024,
      check: (s) =>
        distinguishedNameProblem(s) ??
        (/^\s*(OU|CN|DC)=/i.test(s) ? undefined : { code: 'invalid_format', message: `must be the distinguished name of an OU or container, starting with OU=, CN= or DC=; write e.g. OU=ExUmContacts,DC=contoso,DC=com` }),
    }),
    description: "the distinguished name of the OU it is created in, e.g. OU=ExUmContacts,DC=contoso,DC=com",
    param: 'OU',
    prop: null,
    type: 'string',
    createOnly: true,
  }),
  displayNumber: field({ schema: e164Number(), description: 'its phone number, E.164, e.g. +14255550100', param: 'DisplayNumber', type: 'string' }),
  autoAttendant: field({ schema: z.boolean().default(false), description: 'whether it reaches an auto attendant (else Outlook Voice Access), true or false', param: 'AutoAttendant', type: 'bool' }),
  description: field({ schema: freeText(1024).optional(), description: 'a description (at most 1024 characters)', param: 'Description', type: 'string' }),
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
