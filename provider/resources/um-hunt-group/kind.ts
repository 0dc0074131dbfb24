import { exchangeName, field, text } from '../define';
import type { SimpleKind } from '../simple';

// There is no Set-UMHuntGroup: every property is fixed at creation.
export const umHuntGroupFields = {
  name: field({ schema: exchangeName(64), param: 'Name', type: 'string', compare: 'ci', fixed: true }),
  gateway: field({ schema: exchangeName(64), param: 'UMIPGateway', type: 'string', compare: 'ci', fixed: true }),
  dialPlan: field({ schema: exchangeName(49), param: 'UMDialPlan', type: 'string', compare: 'ci', fixed: true }),
  // ExchUcUtil's pilot for Lync is the first label of the dial plan's PhoneContext.
  pilotIdentifier: field({ schema: text(128, 1), param: 'PilotIdentifier', type: 'string', compare: 'ci', fixed: true }),
};

export const umHuntGroupKind: SimpleKind<typeof umHuntGroupFields> = {
  type: 'UmHuntGroup',
  label: 'UM hunt group',
  fields: umHuntGroupFields,
  identity: (i) => `${i.gateway}\\${i.name}`,
  rowKey: (r) => String(r.__key),
  getCmdlet: 'Get-UMHuntGroup',
  newCmdlet: 'New-UMHuntGroup',
  removeCmdlet: 'Remove-UMHuntGroup',
};
