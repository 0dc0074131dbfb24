// Variable and function scopes. PowerShell scoping is dynamic: a function or `& {}` gets a new
// child of the caller's scope, dot-sourcing runs in the caller's scope, and plain assignment
// always writes the current scope (reads walk up the chain). Names are case-insensitive.

import type { ScriptBlockAst } from './ast';
import type { Value } from './values';

export interface FunctionDef {
  name: string;
  block: ScriptBlockAst;
}

export class Scope {
  private readonly vars = new Map<string, { name: string; value: Value }>();
  private readonly functions = new Map<string, FunctionDef>();

  constructor(readonly parent: Scope | null) {}

  get isGlobal(): boolean {
    return this.parent === null;
  }

  get global(): Scope {
    let s: Scope = this;
    while (s.parent) s = s.parent;
    return s;
  }

  lookup(name: string): { name: string; value: Value } | undefined {
    const k = name.toLowerCase();
    for (let s: Scope | null = this; s; s = s.parent) {
      const v = s.vars.get(k);
      if (v) return v;
    }
    return undefined;
  }

  getLocal(name: string): { name: string; value: Value } | undefined {
    return this.vars.get(name.toLowerCase());
  }

  set(name: string, value: Value): void {
    const k = name.toLowerCase();
    const existing = this.vars.get(k);
    if (existing) existing.value = value;
    else this.vars.set(k, { name, value });
  }

  /** Removes the nearest definition; returns false when there is none. */
  remove(name: string): boolean {
    const k = name.toLowerCase();
    for (let s: Scope | null = this; s; s = s.parent) {
      if (s.vars.delete(k)) return true;
    }
    return false;
  }

  lookupFunction(name: string): FunctionDef | undefined {
    const k = name.toLowerCase();
    for (let s: Scope | null = this; s; s = s.parent) {
      const f = s.functions.get(k);
      if (f) return f;
    }
    return undefined;
  }

  defineFunction(def: FunctionDef): void {
    this.functions.set(def.name.toLowerCase(), def);
  }

  removeFunction(name: string): boolean {
    const k = name.toLowerCase();
    for (let s: Scope | null = this; s; s = s.parent) {
      if (s.functions.delete(k)) return true;
    }
    return false;
  }

  /** Functions visible from here, nearest definition first. */
  visibleFunctions(): FunctionDef[] {
    const seen = new Map<string, FunctionDef>();
    for (let s: Scope | null = this; s; s = s.parent) for (const [k, f] of s.functions) if (!seen.has(k)) seen.set(k, f);
    return [...seen.values()];
  }

  variableNames(): string[] {
    const seen = new Map<string, string>();
    for (let s: Scope | null = this; s; s = s.parent) for (const [k, v] of s.vars) if (!seen.has(k)) seen.set(k, v.name);
    return [...seen.values()];
  }
}
