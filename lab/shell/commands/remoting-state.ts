// PSSessions of one shell and what Import-PSSession made callable. Implicit remoting is the
// only way model cmdlets become commands: before an import they do not exist, after
// Remove-PSSession they are gone again, and a session the models report broken stays broken.

import type { CmdletSpec, SessionInfo } from '../../models/cmdlet';
import { TypedObject, type Value, isPsObject } from '../values';

export type Side = 'exchange' | 'lync';

export interface LabSession {
  id: number;
  name: string;
  info: SessionInfo;
  computerName: string;
  configurationName: string;
  state: 'Opened' | 'Broken' | 'Closed';
  object: TypedObject;
}

export interface ImportedCommand {
  /** Name as imported (with -Prefix applied). */
  name: string;
  spec: CmdletSpec;
}

export interface ImportedSide {
  session: LabSession;
  commands: Map<string, ImportedCommand>;
  moduleName: string;
}

const SESSION_TYPE = 'System.Management.Automation.Runspaces.PSSession';

export class RemotingState {
  readonly sessions: LabSession[] = [];
  readonly imported: Partial<Record<Side, ImportedSide>> = {};
  private nextId = 1;
  private readonly byObj = new WeakMap<object, LabSession>();

  add(info: SessionInfo, computerName: string, configurationName: string): LabSession {
    const id = this.nextId++;
    const name = `Session${id}`;
    const object = new TypedObject(
      [
        ['Id', id],
        ['Name', name],
        ['ComputerName', computerName],
        ['ComputerType', 'RemoteMachine'],
        ['State', 'Opened'],
        ['ConfigurationName', configurationName],
        ['Availability', 'Available'],
      ],
      [SESSION_TYPE, 'System.Object'],
      `[PSSession]${name}`,
    );
    const s: LabSession = { id, name, info, computerName, configurationName, state: 'Opened', object };
    this.sessions.push(s);
    this.byObj.set(object, s);
    return s;
  }

  fromValue(v: Value): LabSession | null {
    if (typeof v === 'object' && v !== null && this.byObj.has(v)) return this.byObj.get(v)!;
    if (isPsObject(v) && v.typeNames[0] === SESSION_TYPE) {
      const id = v.get('Id');
      return this.sessions.find((s) => s.id === id) ?? null;
    }
    return null;
  }

  isSessionObject(v: Value): boolean {
    return isPsObject(v) && v.typeNames[0] === SESSION_TYPE;
  }

  setState(s: LabSession, state: LabSession['state']): void {
    s.state = state;
    s.object.set('State', state);
    s.object.set('Availability', state === 'Opened' ? 'Available' : 'None');
  }

  /** Drops a session from the list and its imported commands. */
  forget(s: LabSession): void {
    this.setState(s, 'Closed');
    const i = this.sessions.indexOf(s);
    if (i >= 0) this.sessions.splice(i, 1);
    for (const side of ['exchange', 'lync'] as const) {
      if (this.imported[side]?.session === s) delete this.imported[side];
    }
  }

  resolve(name: string): (ImportedCommand & { side: Side; session: LabSession }) | null {
    const k = name.toLowerCase();
    for (const side of ['exchange', 'lync'] as const) {
      const imp = this.imported[side];
      const hit = imp?.commands.get(k);
      if (imp && hit) return { ...hit, side, session: imp.session };
    }
    return null;
  }

  importedCommands(): Array<ImportedCommand & { side: Side; moduleName: string }> {
    const out: Array<ImportedCommand & { side: Side; moduleName: string }> = [];
    for (const side of ['exchange', 'lync'] as const) {
      const imp = this.imported[side];
      if (imp) for (const c of imp.commands.values()) out.push({ ...c, side, moduleName: imp.moduleName });
    }
    return out;
  }
}
