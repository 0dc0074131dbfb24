import { z } from 'zod';
import { exchangeName, field } from '../define';
import type { SimpleKind } from '../simple';

export const umAutoAttendantFields = {
  name: field({
    schema: exchangeName(64).refine((s) => !/\s/.test(s), 'must not contain spaces (Lync auto attendants)'),
    param: 'Name',
    type: 'string',
    compare: 'ci',
    fixed: true,
  }),
  // Set-UMAutoAttendant has no -UMDialPlan.
  dialPlan: field({ schema: exchangeName(49), param: 'UMDialPlan', type: 'string', compare: 'ci', fixed: true }),
  pilotNumbers: field({
    schema: z.array(z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be E.164, e.g. +14255550100')).min(1, 'needs at least one pilot number'),
    param: 'PilotIdentifierList',
    type: 'string[]',
    compare: 'set',
  }),
  speechEnabled: field({ schema: z.boolean().default(false), param: 'SpeechEnabled', type: 'bool' }),
  enabled: field({
    schema: z.boolean().default(true),
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
