import { z } from 'zod';
import { e164Number, exchangeObjectName, field } from '../define';
import type { SimpleKind } from '../simple';
import { DIAL_PLAN_NAME_MAX } from '../um-dial-plan/kind';

export const umAutoAttendantFields = {
  name: field({
    schema: exchangeObjectName('UM auto attendant name', 64, { noSpaces: 'auto attendant names must not contain spaces (Lync can not route to them): remove them' }),
    description: 'the auto attendant name, without spaces, e.g. MainAA',
    param: 'Name',
    type: 'string',
    compare: 'ci',
    fixed: true,
  }),
  // Set-UMAutoAttendant has no -UMDialPlan.
  dialPlan: field({ schema: exchangeObjectName('UM dial plan name', DIAL_PLAN_NAME_MAX), description: 'the name of its UM dial plan', param: 'UMDialPlan', type: 'string', compare: 'ci', fixed: true }),
  pilotNumbers: field({
    schema: z.array(e164Number()).min(1, 'needs at least one pilot number'),
    description: 'its pilot numbers, E.164, e.g. [+14255550199]',
    param: 'PilotIdentifierList',
    type: 'string[]',
    compare: 'set',
  }),
  speechEnabled: field({ schema: z.boolean().default(false), description: 'whether callers can speak their choices, true or false', param: 'SpeechEnabled', type: 'bool' }),
  enabled: field({
    schema: z.boolean().default(true),
    description: 'whether it answers calls, true or false',
    param: 'Status',
    prop: 'Status',
    type: 'string',
    toParam: (v: boolean) => (v ? 'Enabled' : 'Disabled'),
    // New-UMAutoAttendant takes -Status; Set-UMAutoAttendant doesn't: Enable-/Disable- change it.
    setWith: (id, v: boolean, b) => b.command(v ? 'Enable-UMAutoAttendant' : 'Disable-UMAutoAttendant', { Identity: id, Confirm: false }),
    fromServer: (v) => String(v).toLowerCase() === 'enabled',
  }),
};

export const umAutoAttendantKind: SimpleKind<typeof umAutoAttendantFields> = {
  type: 'UmAutoAttendant',
  label: 'UM auto attendant',
  fields: umAutoAttendantFields,
  identity: (i) => i.name,
  rowKey: (r) => String(r.name),
  getCmdlet: 'Get-UMAutoAttendant',
  newCmdlet: 'New-UMAutoAttendant',
  setCmdlet: 'Set-UMAutoAttendant',
  removeCmdlet: 'Remove-UMAutoAttendant',
};
