import { checkedText, exchangeObjectName, field } from '../define';
import { DIAL_PLAN_NAME_MAX } from '../um-dial-plan/kind';
import type { SimpleKind } from '../simple';

// There is no Set-UMHuntGroup: every property is fixed at creation.
export const umHuntGroupFields = {
  name: field({ schema: exchangeObjectName('UM hunt group name'), description: 'the UM hunt group name (ExchUcUtil names it after its dial plan)', param: 'Name', type: 'string', compare: 'ci', fixed: true }),
  gateway: field({ schema: exchangeObjectName('UM IP gateway name'), description: 'the name of the UM IP gateway it belongs to', param: 'UMIPGateway', type: 'string', compare: 'ci', fixed: true }),
  dialPlan: field({ schema: exchangeObjectName('UM dial plan name', DIAL_PLAN_NAME_MAX), description: 'the name of the UM dial plan it answers for', param: 'UMDialPlan', type: 'string', compare: 'ci', fixed: true }),
  // ExchUcUtil's pilot for Lync is the first label of the dial plan's PhoneContext.
  pilotIdentifier: field({ schema: checkedText({ max: 128 }), description: "the pilot identifier: for Lync, the first label of the dial plan's phone context", param: 'PilotIdentifier', type: 'string', compare: 'ci', fixed: true }),
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
