import { z } from 'zod';
import { checkedText, exchangeObjectName, field } from '../define';
import type { SimpleKind } from '../simple';

// OutcallsAllowed is deliberately absent: UmOutcallPolicy owns it for every gateway, so two
// resources never fight over one property.
export const umIpGatewayFields = {
  name: field({ schema: exchangeObjectName('UM IP gateway name'), description: 'the UM IP gateway name, e.g. LyncGW01', param: 'Name', type: 'string', compare: 'ci', fixed: true }),
  address: field({
    schema: checkedText({
      max: 255,
      check: (s) =>
        /^[A-Za-z0-9.-]+$|^[0-9A-Fa-f:]+$/.test(s) ? undefined : { code: 'invalid_format', message: 'must be an IP address or an FQDN (the Lync pool FQDN for Lync); write e.g. pool01.contoso.com' },
    }),
    description: 'the IP address or FQDN the gateway calls (for Lync, the pool FQDN)',
    param: 'Address',
    type: 'string',
    compare: 'ci',
  }),
  // Lync pools take mutual TLS from UM on 5061.
  port: field({ schema: z.number().int().min(1).max(65535).default(5061), description: 'the TCP port of the gateway, 1 to 65535', param: 'Port', type: 'int', setOnly: true }),
  messageWaitingIndicatorAllowed: field({ schema: z.boolean().default(true), description: 'whether the gateway passes message waiting notifications, true or false', param: 'MessageWaitingIndicatorAllowed', type: 'bool', setOnly: true }),
};

export const umIpGatewayKind: SimpleKind<typeof umIpGatewayFields> = {
  type: 'UmIpGateway',
  label: 'UM IP gateway',
  fields: umIpGatewayFields,
  identity: (i) => i.name,
  rowKey: (r) => String(r.name),
  getCmdlet: 'Get-UMIPGateway',
  newCmdlet: 'New-UMIPGateway',
  setCmdlet: 'Set-UMIPGateway',
  removalAffects: ['UmHuntGroup'],
  removeCmdlet: 'Remove-UMIPGateway',
};
