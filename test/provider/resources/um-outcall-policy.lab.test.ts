// UmOutcallPolicy against the lab: outgoing calls stay on one gateway and are disabled on every
// other one, managed or not (PBX-GW from the fixture included); read reports a gateway that got
// them back; delete restores exactly the gateways it changed.
import { strict as assert } from 'assert';
import { Engine, ProviderLab, rejects } from '../lab-fixture';

describe('UmOutcallPolicy against the lab (enforce, drift, restore)', function () {
  this.timeout(60_000);
  const lab = new ProviderLab();
  const e = new Engine('UmOutcallPolicy');
  let state: { id: string; outs: any };
  let inputs: any;

  before(async () => {
    await lab.start();
    lab.exec(
      [
        'New-UMIPGateway -Name pool01.lab.contoso.com -Address pool01.lab.contoso.com | Out-Null',
        'New-UMIPGateway -Name pool02.lab.contoso.com -Address pool02.lab.contoso.com | Out-Null',
        'New-UMIPGateway -Name Fax-GW -Address 10.0.0.60 | Out-Null',
        // An admin had already turned outgoing calls off on pool02's gateway.
        'Set-UMIPGateway -Identity pool02.lab.contoso.com -OutcallsAllowed $false',
      ].join('; '),
    );
  });
  after(() => lab.stop());

  const outcalls = async () => Object.fromEntries((await lab.rows('Get-UMIPGateway | Select-Object Name,OutcallsAllowed')).map((g) => [g.Name, g.OutcallsAllowed]));

  it('refuses a gateway that does not exist, naming allowedGateway', async () => {
    const err = await rejects(() => e.create({ allowedGateway: 'nope.lab.contoso.com' }), 'NOT_FOUND', /create it first/);
    assert.equal(err.field, 'allowedGateway');
  });

  it('disables outgoing calls on every gateway but the allowed one, including the fixture PBX gateway', async () => {
    const r = await e.create({ allowedGateway: 'pool01.lab.contoso.com' });
    inputs = r.inputs;
    state = { id: r.id, outs: r.outs };
    assert.deepEqual(await outcalls(), { 'PBX-GW': false, 'pool01.lab.contoso.com': true, 'pool02.lab.contoso.com': false, 'Fax-GW': false });
    assert.deepEqual([...r.outs.disabledByUs].sort(), ['Fax-GW', 'PBX-GW'], 'pool02 was already off: not ours to restore');
  });

  it('reads back the declaration, and diff shows no change', async () => {
    await lab.newDeployment();
    const r = await e.read(state.id, state.outs);
    assert.deepEqual(r.inputs, inputs);
    assert.deepEqual(r.props.outcallsAllowedOn, ['pool01.lab.contoso.com']);
    assert.equal((await e.diff(state.id, r.props, inputs)).changes, false);
    assert.equal((await e.diff(state.id, r.props, await e.check({ allowedGateway: 'POOL01.lab.contoso.com' }))).changes, false, 'gateway names compare case-insensitively');
    state.outs = r.props;
  });

  it('reports a gateway that got outgoing calls back, and a new gateway that has them; update disables both', async () => {
    lab.exec('Set-UMIPGateway -Identity PBX-GW -OutcallsAllowed $true; New-UMIPGateway -Name Late-GW -Address 10.0.0.70 | Out-Null');
    const r = await e.read(state.id, state.outs);
    assert.deepEqual(r.props.outcallsAllowedOn, ['Late-GW', 'PBX-GW', 'pool01.lab.contoso.com']);
    const d = await e.diff(state.id, r.props, inputs);
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces, []);
    state.outs = await e.update(state.id, r.props, { allowedGateway: 'pool01.lab.contoso.com' });
    assert.deepEqual(await outcalls(), { 'PBX-GW': false, 'pool01.lab.contoso.com': true, 'pool02.lab.contoso.com': false, 'Fax-GW': false, 'Late-GW': false });
    assert.deepEqual([...state.outs.disabledByUs].sort(), ['Fax-GW', 'Late-GW', 'PBX-GW']);
    const again = await e.read(state.id, state.outs);
    assert.equal((await e.diff(state.id, again.props, inputs)).changes, false);
  });

  it('delete restores exactly the gateways it changed', async () => {
    await e.delete(state.id, state.outs);
    assert.deepEqual(await outcalls(), { 'PBX-GW': true, 'pool01.lab.contoso.com': true, 'pool02.lab.contoso.com': false, 'Fax-GW': true, 'Late-GW': true });
    await e.delete(state.id, state.outs);
    assert.equal((await outcalls())['pool02.lab.contoso.com'], false, 'a second delete changes nothing');
  });

  it('moving the allowed gateway and deleting returns every gateway to where it was before', async () => {
    const before = await outcalls();
    const c = await e.create({ allowedGateway: 'pool01.lab.contoso.com' });
    const outs = await e.update(c.id, c.outs, { allowedGateway: 'pool02.lab.contoso.com' });
    assert.deepEqual(await outcalls(), { 'PBX-GW': false, 'pool01.lab.contoso.com': false, 'pool02.lab.contoso.com': true, 'Fax-GW': false, 'Late-GW': false });
    await e.delete(c.id, outs);
    assert.deepEqual(await outcalls(), before, 'pool02 had outgoing calls off before umlync turned them on');
  });
});
