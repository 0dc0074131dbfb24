import * as assert from 'assert';
import { ALREADY_EXISTS, NOT_FOUND_EX, one, ORG_DN, rejects, sipDialPlan, useLab } from './helpers';

describe('lab models: UM auto attendants', () => {
  const { lab } = useLab();
  beforeEach(() => sipDialPlan(lab()));

  it('New: Disabled and not speech-enabled by default; -Status Enabled at creation', async () => {
    const a = await one(lab(), 'New-UMAutoAttendant', { Name: 'MainAA', UMDialPlan: 'SIPDP', PilotIdentifierList: ['+14255550150'] });
    assert.strictEqual(a.Status, 'Disabled');
    assert.strictEqual(a.SpeechEnabled, false);
    assert.strictEqual(a.UMDialPlan, 'SIPDP');
    assert.deepStrictEqual(a.PilotIdentifierList, ['+14255550150']);
    assert.strictEqual(a.DistinguishedName, `CN=MainAA,CN=UM AutoAttendant Container,${ORG_DN}`);
    assert.strictEqual((await one(lab(), 'New-UMAutoAttendant', { Name: 'AA2', UMDialPlan: 'SIPDP', Status: 'Enabled' })).Status, 'Enabled');
    assert.strictEqual((await one(lab(), 'Get-UMDialPlan', { Identity: 'SIPDP' })).UMAutoAttendants instanceof Array, true);
  });

  it('Lync rules on SIP dial plans: no spaces in the name, E.164 pilots', async () => {
    await rejects(lab(), 'New-UMAutoAttendant', { Name: 'Main AA', UMDialPlan: 'SIPDP' }, { message: /can't have spaces in their names/ });
    await rejects(lab(), 'New-UMAutoAttendant', { Name: 'AA', UMDialPlan: 'SIPDP', PilotIdentifierList: ['5550150'] }, { message: /must be in E\.164 format/ });
    await lab().run('New-UMAutoAttendant', { Name: 'Main AA', UMDialPlan: 'PBX-DP', PilotIdentifierList: ['5150'] });
  });

  it('pilots are unique within a dial plan; names are unique', async () => {
    await lab().run('New-UMAutoAttendant', { Name: 'AA1', UMDialPlan: 'SIPDP', PilotIdentifierList: ['+14255550150'] });
    await rejects(lab(), 'New-UMAutoAttendant', { Name: 'AA2', UMDialPlan: 'SIPDP', PilotIdentifierList: ['+14255550150'] }, { message: /already used by UM auto attendant "AA1"/ });
    await rejects(lab(), 'New-UMAutoAttendant', { Name: 'aa1', UMDialPlan: 'SIPDP' }, ALREADY_EXISTS(`CN=aa1,CN=UM AutoAttendant Container,${ORG_DN}`));
  });

  it('Set: no -UMDialPlan parameter; updates settings; Enable/Disable flip Status', async () => {
    await lab().run('New-UMAutoAttendant', { Name: 'AA1', UMDialPlan: 'SIPDP' });
    assert.ok(!lab().cmdlet('Set-UMAutoAttendant').parameters.some((p) => p.name === 'UMDialPlan'));
    await lab().run('Set-UMAutoAttendant', { Identity: 'AA1', SpeechEnabled: true, BusinessName: 'Contoso', PilotIdentifierList: ['+14255550151'] });
    await lab().run('Enable-UMAutoAttendant', { Identity: 'AA1' });
    const a = await one(lab(), 'Get-UMAutoAttendant', { Identity: 'AA1' });
    assert.strictEqual(a.SpeechEnabled, true);
    assert.strictEqual(a.BusinessName, 'Contoso');
    assert.strictEqual(a.Status, 'Enabled');
    await lab().run('Disable-UMAutoAttendant', { Identity: 'AA1' });
    assert.strictEqual((await one(lab(), 'Get-UMAutoAttendant', { Identity: 'AA1' })).Status, 'Disabled');
    await rejects(lab(), 'Set-UMAutoAttendant', { Identity: 'AA1', Language: 'de-DE' }, { message: /language "de-DE" isn't available/ });
  });

  it('DTMF fallback only for speech-enabled AAs, same dial plan, fallback not speech-enabled', async () => {
    await lab().run('New-UMAutoAttendant', { Name: 'DTMF', UMDialPlan: 'SIPDP' });
    await rejects(lab(), 'New-UMAutoAttendant', { Name: 'Speech', UMDialPlan: 'SIPDP', DTMFFallbackAutoAttendant: 'DTMF' }, { message: /only be set on a speech-enabled auto attendant/ });
    await lab().run('New-UMAutoAttendant', { Name: 'Speech', UMDialPlan: 'SIPDP', SpeechEnabled: true, DTMFFallbackAutoAttendant: 'DTMF' });
    await rejects(lab(), 'Set-UMAutoAttendant', { Identity: 'DTMF', SpeechEnabled: true }, { message: /is the DTMF fallback of "Speech"/ });
    await lab().run('New-UMAutoAttendant', { Name: 'Other', UMDialPlan: 'PBX-DP' });
    await rejects(lab(), 'Set-UMAutoAttendant', { Identity: 'Speech', DTMFFallbackAutoAttendant: 'Other' }, { message: /same UM dial plan/ });
    await rejects(lab(), 'Remove-UMAutoAttendant', { Identity: 'DTMF', Confirm: false }, { message: /it's the DTMF fallback auto attendant of "Speech"/ });
  });

  it('Remove clears the dial plan UMAutoAttendant reference', async () => {
    await lab().run('New-UMAutoAttendant', { Name: 'AA1', UMDialPlan: 'SIPDP' });
    await lab().run('Set-UMDialPlan', { Identity: 'SIPDP', UMAutoAttendant: 'AA1' });
    assert.strictEqual((await one(lab(), 'Get-UMDialPlan', { Identity: 'SIPDP' })).UMAutoAttendant, 'AA1');
    await lab().run('Remove-UMAutoAttendant', { Identity: 'AA1', Confirm: false });
    assert.strictEqual((await one(lab(), 'Get-UMDialPlan', { Identity: 'SIPDP' })).UMAutoAttendant, null);
    await rejects(lab(), 'Get-UMAutoAttendant', { Identity: 'AA1' }, NOT_FOUND_EX('AA1'));
  });
});
