// Lync location profiles (dial plans): New/Get/Set/Remove/Grant-CsDialPlan and their voice
// normalization rules (New/Get/Set/Remove-CsVoiceNormalizationRule).
import { randomUUID } from 'crypto';
import { BoundParameters, PsObject, PsValue } from './cmdlet';
import { applyFields, Field, fieldParams } from './fields';
import { lyncTypeNames, normaliseXds, scopeOf } from './lync-common';
import { Call, CmdletDef } from './runtime';
import { Tx } from './store';
import { CsDialPlan, NormalizationRule, User } from './types';
import { bool, eqi, has, identityOf, isMap, str, wildcard } from './values';
import { renderCsUser, resolveCsUser } from './cs-user';

const SERVICE_ROLES = ['Registrar', 'PstnGateway'] as const;

export const CS_DIAL_PLAN_FIELDS: readonly Field[] = [
  { name: 'Description', type: 'string', default: null, on: ['new', 'set'], maxLen: 512 },
  { name: 'DialinConferencingRegion', type: 'string', default: null, on: ['new', 'set'], maxLen: 512 },
  { name: 'CountryCode', type: 'string', default: null, on: ['new', 'set'] },
  { name: 'State', type: 'string', default: null, on: ['new', 'set'] },
  { name: 'City', type: 'string', default: null, on: ['new', 'set'] },
  { name: 'ExternalAccessPrefix', type: 'string', default: null, on: ['new', 'set'], pattern: /^[0-9#*]{1,4}$/ },
  { name: 'SimpleName', type: 'string', default: null, on: ['new', 'set'], maxLen: 256, pattern: /^[A-Za-z0-9\-.+_()]+$/ },
  { name: 'OptimizeDeviceDialing', type: 'bool', default: false, on: ['new', 'set'] },
];

export const PREFIX_ALL: NormalizationRule = { name: 'Prefix All', description: null, pattern: '^(\\d{11})$', translation: '+$1', isInternalExtension: false };
export const KEEP_ALL: NormalizationRule = { name: 'KeepAll', description: null, pattern: '^(\\d+)$', translation: '$1', isInternalExtension: false };

export const csDialPlans = (tx: Tx) => tx.all<CsDialPlan>('csdialplan');

export function globalDialPlan(): CsDialPlan {
  const props: Record<string, null | string | boolean> = {};
  for (const f of CS_DIAL_PLAN_FIELDS) props[f.name] = f.default as never;
  props.SimpleName = 'DefaultProfile';
  return { id: randomUUID(), identity: 'Global', props, rules: [{ ...KEEP_ALL }] };
}

function ruleObject(plan: CsDialPlan, r: NormalizationRule, priority: number | null): PsObject {
  const props: Array<[string, PsValue]> = [];
  if (priority !== null) props.push(['Identity', `${plan.identity}/${r.name}`], ['Priority', priority]);
  props.push(['Description', r.description], ['Pattern', r.pattern], ['Translation', r.translation], ['Name', r.name], ['IsInternalExtension', r.isInternalExtension]);
  return new PsObject(props, lyncTypeNames('Microsoft.Rtc.Management.WritableConfig.Policy.Voice.NormalizationRule'));
}

export function renderCsDialPlan(d: CsDialPlan): PsObject {
  const p = d.props;
  return new PsObject(
    [
      ['Identity', d.identity],
      ['Description', p.Description],
      ['DialinConferencingRegion', p.DialinConferencingRegion],
      ['NormalizationRules', d.rules.map((r) => ruleObject(d, r, null))],
      ['CountryCode', p.CountryCode],
      ['State', p.State],
      ['City', p.City],
      ['ExternalAccessPrefix', p.ExternalAccessPrefix],
      ['SimpleName', p.SimpleName],
      ['OptimizeDeviceDialing', p.OptimizeDeviceDialing],
    ],
    lyncTypeNames('Microsoft.Rtc.Management.WritableConfig.Policy.Voice.LocationProfile'),
  );
}

function checkRule(c: Call, r: NormalizationRule): void {
  if (!r.name || r.name.length > 128 || /[/\\]/.test(r.name)) throw c.e.invalid(`The normalization rule name "${r.name}" isn't valid.`);
  try {
    new RegExp(r.pattern);
  } catch {
    throw c.e.invalid(`The pattern "${r.pattern}" of normalization rule "${r.name}" isn't a valid regular expression.`);
  }
  if (r.description && r.description.length > 512) throw c.e.tooLong('Description', r.description, 512);
}

function ruleFrom(c: Call, v: PsValue): NormalizationRule {
  const get = (k: string): PsValue | undefined => {
    if (v instanceof PsObject) return v.get(k);
    if (isMap(v)) return [...v.entries()].find(([x]) => eqi(x, k))?.[1];
    return undefined;
  };
  if (!(v instanceof PsObject) && !isMap(v)) throw c.e.invalid(`"${str(v)}" isn't a normalization rule. Create rules with New-CsVoiceNormalizationRule -InMemory.`);
  const r: NormalizationRule = {
    name: str(get('Name')) ?? '',
    description: str(get('Description')) || null,
    pattern: str(get('Pattern')) ?? PREFIX_ALL.pattern,
    translation: str(get('Translation')) ?? PREFIX_ALL.translation,
    isInternalExtension: bool(get('IsInternalExtension') ?? false),
  };
  checkRule(c, r);
  return r;
}

/** -NormalizationRules: a list replaces; @{Add=..;Remove=..;Replace=..} edits (PSListModifier). */
function applyRules(c: Call, d: CsDialPlan): void {
  if (!has(c.p, 'NormalizationRules')) return;
  const raw = c.p.NormalizationRules;
  const asList = (v: PsValue | undefined) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]).map((x) => ruleFrom(c, x));
  let next: NormalizationRule[];
  if (isMap(raw)) {
    const get = (k: string) => [...raw.entries()].find(([x]) => eqi(x, k))?.[1];
    next = get('Replace') !== undefined ? asList(get('Replace')) : [...d.rules];
    const drop = asList(get('Remove')).map((r) => r.name.toLowerCase());
    next = next.filter((r) => !drop.includes(r.name.toLowerCase()));
    for (const r of asList(get('Add'))) next = [...next.filter((x) => !eqi(x.name, r.name)), r];
  } else next = asList(raw);
  const names = new Set<string>();
  for (const r of next) {
    if (names.has(r.name.toLowerCase())) throw c.e.invalid(`The normalization rule "${r.name}" appears more than once in dial plan "${d.identity}".`);
    names.add(r.name.toLowerCase());
  }
  d.rules = next;
}

/** SimpleName is unique across all dial plans; ExternalAccessPrefix must exist for OptimizeDeviceDialing. */
function checkPlan(c: Call, d: CsDialPlan): void {
  const sn = d.props.SimpleName;
  if (sn) {
    const other = csDialPlans(c.tx).find((x) => x.id !== d.id && eqi(String(x.props.SimpleName ?? ''), String(sn)));
    if (other) throw c.e.invalid(`SimpleName "${sn}" is already used by dial plan "${other.identity}". The SimpleName of a dial plan must be unique.`);
  }
  if (d.props.OptimizeDeviceDialing === true && !d.props.ExternalAccessPrefix) {
    throw c.e.invalid('OptimizeDeviceDialing can be set to True only when ExternalAccessPrefix is set.');
  }
  if (!d.rules.length) throw c.e.invalid(`Dial plan "${d.identity}" must contain at least one normalization rule.`);
}

function defaultSimpleName(identity: string): string {
  const [scope, ...rest] = identity.split(':');
  if (scope === 'Site' || scope === 'Tag') return rest.join(':');
  return `${rest[0]}_${rest.slice(1).join(':')}`;
}

function resolvePlan(c: Call, raw: PsValue | undefined): CsDialPlan {
  const { identity } = normaliseXds(c, identityOf(raw) ?? '', SERVICE_ROLES, true);
  const hit = csDialPlans(c.tx).find((x) => eqi(x.identity, identity));
  if (!hit) throw c.e.notFound(identity);
  return hit;
}

function usersGranted(tx: Tx, tag: string): User[] {
  return tx.all<User>('user').filter((u) => u.lync?.dialPlan && eqi(u.lync.dialPlan, tag));
}

function ruleParamsFrom(p: BoundParameters): Partial<NormalizationRule> {
  const r: Partial<NormalizationRule> = {};
  if (has(p, 'Pattern')) r.pattern = str(p.Pattern) ?? '';
  if (has(p, 'Translation')) r.translation = str(p.Translation) ?? '';
  if (has(p, 'Description')) r.description = str(p.Description) || null;
  if (has(p, 'IsInternalExtension')) r.isInternalExtension = bool(p.IsInternalExtension);
  return r;
}

/** `<plan identity>/<rule name>`, or -Parent + -Name. */
function ruleTarget(c: Call): { plan: CsDialPlan; name: string } {
  const id = identityOf(c.p.Identity);
  let parent: string;
  let name: string;
  if (id !== null) {
    const i = id.lastIndexOf('/');
    if (i < 0) throw c.e.invalid(`"${id}" isn't a valid normalization rule identity. Use <dial plan identity>/<rule name>, for example site:Redmond/RedmondFourDigit.`);
    parent = id.slice(0, i);
    name = id.slice(i + 1);
  } else {
    parent = identityOf(c.p.Parent) ?? '';
    name = str(c.p.Name) ?? '';
  }
  const plan = resolvePlan(c, parent);
  return { plan, name };
}

export const csDialPlanCmdlets: CmdletDef[] = [
  {
    name: 'New-CsDialPlan',
    side: 'lync',
    mutates: true,
    parameters: [
      { name: 'Identity', type: 'object', position: 0, mandatory: true },
      ...fieldParams(CS_DIAL_PLAN_FIELDS, 'new'),
      { name: 'NormalizationRules', type: 'object' },
      { name: 'Force', type: 'switch' },
      { name: 'InMemory', type: 'switch' },
    ],
    run(c) {
      const { identity, scope } = normaliseXds(c, identityOf(c.p.Identity) ?? '', SERVICE_ROLES, true);
      if (scope === 'Global' || csDialPlans(c.tx).some((x) => eqi(x.identity, identity))) throw c.e.invalid(`A dial plan with Identity "${identity}" already exists.`);
      const d: CsDialPlan = { id: randomUUID(), identity, props: {}, rules: [] };
      for (const f of CS_DIAL_PLAN_FIELDS) d.props[f.name] = f.default;
      applyFields(c.e, CS_DIAL_PLAN_FIELDS, c.p, d.props, 'new');
      if (!d.props.SimpleName) d.props.SimpleName = defaultSimpleName(identity);
      applyRules(c, d);
      if (!d.rules.length) d.rules = [{ ...PREFIX_ALL }];
      checkPlan(c, d);
      if (c.p.InMemory !== true) c.tx.put('csdialplan', identity, d);
      return [renderCsDialPlan(d)];
    },
  },
  {
    name: 'Get-CsDialPlan',
    side: 'lync',
    parameters: [
      { name: 'Identity', type: 'object', position: 0 },
      { name: 'Filter', type: 'string' },
      { name: 'LocalStore', type: 'switch' },
    ],
    run(c) {
      const order = (x: CsDialPlan) => ['Global', 'Site', 'Service', 'Tag'].indexOf(scopeOf(x.identity));
      let all = csDialPlans(c.tx).sort((a, b) => order(a) - order(b) || a.identity.localeCompare(b.identity));
      if (identityOf(c.p.Identity) !== null) return [renderCsDialPlan(resolvePlan(c, c.p.Identity))];
      const f = str(c.p.Filter);
      if (f) all = all.filter((x) => wildcard(f, x.identity));
      return all.map(renderCsDialPlan);
    },
  },
  {
    name: 'Set-CsDialPlan',
    side: 'lync',
    mutates: true,
    parameters: [{ name: 'Identity', type: 'object', position: 0 }, ...fieldParams(CS_DIAL_PLAN_FIELDS, 'set'), { name: 'NormalizationRules', type: 'object' }, { name: 'Force', type: 'switch' }],
    run(c) {
      const d = resolvePlan(c, c.p.Identity ?? 'Global');
      applyFields(c.e, CS_DIAL_PLAN_FIELDS, c.p, d.props, 'set');
      applyRules(c, d);
      checkPlan(c, d);
      c.tx.put('csdialplan', d.identity, d);
      return [];
    },
  },
  {
    name: 'Remove-CsDialPlan',
    side: 'lync',
    mutates: true,
    parameters: [
      { name: 'Identity', type: 'object', position: 0, mandatory: true },
      { name: 'Force', type: 'switch' },
    ],
    run(c) {
      const d = resolvePlan(c, c.p.Identity);
      if (d.identity === 'Global') {
        // Global can't be deleted: removing it resets it to the defaults.
        const g = globalDialPlan();
        c.tx.put('csdialplan', 'Global', { ...g, id: d.id });
        return [];
      }
      if (scopeOf(d.identity) === 'Tag') {
        const name = d.identity.slice(4);
        const granted = usersGranted(c.tx, name);
        if (granted.length && c.p.Force !== true && c.p.Confirm !== false) {
          const msg = `The policy "${name}" is currently assigned to one or more users. Assign a different policy to users before removing this one.`;
          if (!('confirm' in c.ctx)) throw c.e.inUse(`${msg} The policy is in use.`, d.identity);
          c.shouldProcess('The policy is in use.', msg);
        }
        // Users fall back to the pool/site/global plan once their per-user plan is gone.
        for (const u of granted) {
          u.lync!.dialPlan = null;
          c.tx.put('user', u.sam, u);
        }
      }
      c.tx.delete('csdialplan', d.id);
      return [];
    },
  },
  {
    name: 'Grant-CsDialPlan',
    side: 'lync',
    mutates: true,
    parameters: [
      { name: 'Identity', type: 'object', position: 0, mandatory: true, fromPipeline: true },
      { name: 'PolicyName', type: 'string', position: 1 },
      { name: 'PassThru', type: 'switch' },
    ],
    run(c) {
      const u = resolveCsUser(c, c.p.Identity);
      const name = (str(c.p.PolicyName) ?? '').replace(/^tag:/i, '');
      if (!name) u.lync!.dialPlan = null;
      else {
        const plan = csDialPlans(c.tx).find((x) => eqi(x.identity, `Tag:${name}`));
        if (!plan) throw c.e.invalid(`Policy "${name}" is not a user policy. You can assign only a user policy to a specific user.`);
        u.lync!.dialPlan = plan.identity.slice(4);
      }
      u.whenChanged = c.now;
      c.tx.put('user', u.sam, u);
      return c.p.PassThru === true ? [renderCsUser(c.tx, c.org, u)] : [];
    },
  },
  {
    name: 'New-CsVoiceNormalizationRule',
    side: 'lync',
    mutates: true,
    parameters: [
      { name: 'Identity', type: 'object', position: 0 },
      { name: 'Parent', type: 'string' },
      { name: 'Name', type: 'string' },
      { name: 'Pattern', type: 'string' },
      { name: 'Translation', type: 'string' },
      { name: 'Priority', type: 'int' },
      { name: 'IsInternalExtension', type: 'bool' },
      { name: 'Description', type: 'string' },
      { name: 'InMemory', type: 'switch' },
      { name: 'Force', type: 'switch' },
    ],
    run(c) {
      const { plan, name } = ruleTarget(c);
      const r: NormalizationRule = { ...PREFIX_ALL, name, ...ruleParamsFrom(c.p) };
      if (!has(c.p, 'Description')) r.description = null;
      checkRule(c, r);
      if (plan.rules.some((x) => eqi(x.name, name))) throw c.e.invalid(`A normalization rule with Identity "${plan.identity}/${name}" already exists.`);
      const prio = has(c.p, 'Priority') ? Number(c.p.Priority) : plan.rules.length;
      if (prio < 0 || prio > plan.rules.length) throw c.e.invalid(`Priority ${prio} is out of range. Use a value from 0 through ${plan.rules.length}.`);
      plan.rules.splice(prio, 0, r);
      if (c.p.InMemory !== true) c.tx.put('csdialplan', plan.identity, plan);
      return [ruleObject(plan, r, prio)];
    },
  },
  {
    name: 'Get-CsVoiceNormalizationRule',
    side: 'lync',
    parameters: [
      { name: 'Identity', type: 'object', position: 0 },
      { name: 'Filter', type: 'string' },
    ],
    run(c) {
      const id = identityOf(c.p.Identity);
      if (id !== null && id.includes('/')) {
        const { plan, name } = ruleTarget(c);
        const i = plan.rules.findIndex((r) => eqi(r.name, name));
        if (i < 0) throw c.e.notFound(`${plan.identity}/${name}`);
        return [ruleObject(plan, plan.rules[i], i)];
      }
      const plans = id !== null ? [resolvePlan(c, id)] : csDialPlans(c.tx);
      const f = str(c.p.Filter);
      return plans.flatMap((p) => p.rules.map((r, i) => ({ p, r, i }))).filter((x) => !f || wildcard(f, `${x.p.identity}/${x.r.name}`)).map((x) => ruleObject(x.p, x.r, x.i));
    },
  },
  {
    name: 'Set-CsVoiceNormalizationRule',
    side: 'lync',
    mutates: true,
    parameters: [
      { name: 'Identity', type: 'object', position: 0, mandatory: true },
      { name: 'Name', type: 'string' },
      { name: 'Pattern', type: 'string' },
      { name: 'Translation', type: 'string' },
      { name: 'Priority', type: 'int' },
      { name: 'IsInternalExtension', type: 'bool' },
      { name: 'Description', type: 'string' },
    ],
    run(c) {
      const name = str(c.p.Name);
      const { plan, name: ruleName } = ruleTarget(c);
      const i = plan.rules.findIndex((r) => eqi(r.name, ruleName));
      if (i < 0) throw c.e.notFound(`${plan.identity}/${ruleName}`);
      const r = { ...plan.rules[i], ...ruleParamsFrom(c.p) };
      if (name) {
        if (plan.rules.some((x, j) => j !== i && eqi(x.name, name))) throw c.e.invalid(`A normalization rule with Identity "${plan.identity}/${name}" already exists.`);
        r.name = name;
      }
      checkRule(c, r);
      plan.rules.splice(i, 1);
      const prio = has(c.p, 'Priority') ? Number(c.p.Priority) : i;
      if (prio < 0 || prio > plan.rules.length) throw c.e.invalid(`Priority ${prio} is out of range. Use a value from 0 through ${plan.rules.length}.`);
      plan.rules.splice(prio, 0, r);
      c.tx.put('csdialplan', plan.identity, plan);
      return [];
    },
  },
  {
    name: 'Remove-CsVoiceNormalizationRule',
    side: 'lync',
    mutates: true,
    parameters: [{ name: 'Identity', type: 'object', position: 0, mandatory: true }, { name: 'Force', type: 'switch' }],
    run(c) {
      const { plan, name } = ruleTarget(c);
      const i = plan.rules.findIndex((r) => eqi(r.name, name));
      if (i < 0) throw c.e.notFound(`${plan.identity}/${name}`);
      plan.rules.splice(i, 1);
      if (!plan.rules.length) throw c.e.invalid(`The normalization rule "${name}" can't be removed because dial plan "${plan.identity}" must contain at least one normalization rule.`);
      c.tx.put('csdialplan', plan.identity, plan);
      return [];
    },
  },
];
