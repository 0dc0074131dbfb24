// UmIpGateway's whole life against the lab shell process, and a create that fails halfway.
import { strict as assert } from 'assert';
import { describeLifecycle, Engine, ProviderLab, rejects } from '../lab-fixture';

describe('UmIpGateway against the lab (lifecycle, drift, adopt, partial create)', function () {
  this.timeout(60_000);
  const lab = new ProviderLab();
  before(() => lab.start());
  after(() => lab.stop());

  const gateways = (name: string) =>
    lab.rows(`Get-UMIPGateway | Where-Object { $_.Name -eq '${name}' } | Select-Object Name,Address,Port,MessageWaitingIndicatorAllowed,OutcallsAllowed`);

  describeLifecycle(lab, {
    kind: 'UmIpGateway',
    args: { name: 'pool01.lab.contoso.com', address: 'pool01.lab.contoso.com' },
    id: 'pool01.lab.contoso.com',
    visible: async () => {
      const [g] = await gateways('pool01.lab.contoso.com');
      assert.equal(g.Address, 'pool01.lab.contoso.com');
      assert.equal(g.Port, 5061, 'the TLS port, set right after New-UMIPGateway');
      assert.equal(g.MessageWaitingIndicatorAllowed, true);
    },
    gone: async () => assert.equal((await gateways('pool01.lab.contoso.com')).length, 0),
    replaces: [['name', 'other']],
    inPlace: [['address', 'pool02.lab.contoso.com'], ['port', 5060], ['messageWaitingIndicatorAllowed', false]],
    drift: { exec: "Set-UMIPGateway -Identity 'pool01.lab.contoso.com' -Port 5060", field: 'port', shows: 5060 },
    update: {
      field: 'messageWaitingIndicatorAllowed',
      value: false,
      check: async () => assert.equal((await gateways('pool01.lab.contoso.com'))[0].MessageWaitingIndicatorAllowed, false),
    },
  });

  it('a read right after create in the same provider process sees what the follow-up Set- applied (port 5061)', async () => {
    const e = new Engine('UmIpGateway');
    const c = await e.create({ name: 'pool03.lab.contoso.com', address: 'pool03.lab.contoso.com', port: 5061 });
    const r = await e.read(c.id, c.outs);
    assert.equal(r.props.port, 5061);
    assert.equal((await e.diff(c.id, r.props, await e.check({ name: 'pool03.lab.contoso.com', address: 'pool03.lab.contoso.com', port: 5061 }))).changes, false);
    await e.delete(c.id, r.props);
  });

  describe('a create that fails halfway (Set-UMIPGateway fails right after New-UMIPGateway)', () => {
    const e = new Engine('UmIpGateway');
    const args = { name: 'pool02.lab.contoso.com', address: 'pool02.lab.contoso.com', port: 5061 };
    let partial: any;

    it('reports the object as partially created: the error carries its id and live properties', async () => {
      lab.fault('--kind', 'fail', '--cmdlet', 'Set-UMIPGateway', '--after', 'New-UMIPGateway');
      partial = await rejects(() => e.create(args), 'REMOTE', /created, but finishing it failed: .*Active Directory server .* is not available/);
      assert.equal(partial.id, 'pool02.lab.contoso.com');
      assert.equal(partial.properties.name, 'pool02.lab.contoso.com');
      assert.equal(partial.properties.port, 5060, 'the port the server really has, so the next diff sees the difference');
      assert.deepEqual(partial.reasons.length, 1);
      const gws = await gateways('pool02.lab.contoso.com');
      assert.equal(gws.length, 1, 'the gateway exists (recorded in state, not orphaned)');
      assert.equal(gws[0].Port, 5060);
    });

    it('the next up converges through diff and update, without a second gateway', async () => {
      const news = await e.check(args);
      const d = await e.diff(partial.id, partial.properties, news);
      assert.equal(d.changes, true);
      assert.deepEqual(d.replaces, []);
      await e.update(partial.id, partial.properties, args);
      const gws = await gateways('pool02.lab.contoso.com');
      assert.equal(gws.length, 1);
      assert.equal(gws[0].Port, 5061);
      lab.forgetReads();
      const r = await e.read(partial.id, partial.properties);
      assert.deepEqual(r.inputs, news);
    });

    it('a create without adopt of the same gateway is refused instead of duplicating it', async () => {
      lab.forgetReads();
      await rejects(() => e.create(args), 'ALREADY_EXISTS');
      assert.equal((await gateways('pool02.lab.contoso.com')).length, 1);
    });
  });
});
