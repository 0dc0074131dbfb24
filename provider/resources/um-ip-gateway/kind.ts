import { z } from 'zod';
import { exchangeName, field, text } from '../define';
import type { SimpleKind } from '../simple';

// OutcallsAllowed is deliberately absent: UmOutcallPolicy owns it for every gateway, so two
// resources never fight over one property.
export const umIpGatewayFields = {
  name: field({ schema: exchangeName(64), param: 'Name', type: 'string', compare: 'ci', fixed: true }),
  address: field({
    schema: text(255, 1).refine((s) => /^[A-Za-z0-9.-]+$|^[0-9A-Fa-f:]+$/.test(s), 'must be an IP address or an FQDN (the Lync pool FQDN for Lync)'),
    param: 'Address',
    type: 'string',
    compare: 'ci',
  }),
  port: field({ schema: z.number().int().min(0).max(65535).default(5061), param: 'Port', type: 'int', setOnly: true }),
  messageWaitingIndicatorAllowed: field({ schema: z.boolean().default(true), param: 'MessageWaitingIndicatorAllowed', type: 'bool', setOnly: true }),
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
