// The reference topology the benchmark deploys: the lab stack's integration (two SIP dial
// plans, pool01 Required and pool02 Optional with their gateways and hunt groups, the
// fixture's pre-existing PBX gateway brought under the outcall rule, location profiles, both
// Exchange servers joined, OVA and auto-attendant contacts, one auto attendant) plus N voice
// users user01..userN. Users follow the fixture's homing: odd users on pool01 (dial plan
// LyncSipDP), even users on pool02 (LyncSipDP2); every 10th pool01 user is on LyncSipDP2
// through the per-user location profile, as user04-06 are in stacks/Pulumi.lab.yaml.

export const DOMAIN = 'lab.contoso.com';
export const POOL01 = 'pool01.lab.contoso.com';
export const POOL02 = 'pool02.lab.contoso.com';

export interface BenchUser {
  n: number;
  sam: string;
  sipAddress: string;
  pool: string;
  dialPlan: 'LyncSipDP' | 'LyncSipDP2';
  lineUri: string;
  extension: string;
  locationProfile?: string;
}

/** The fixture's naming: user01 .. user40, then user41 .. user1000. */
export const samOf = (n: number) => `user${String(n).padStart(2, '0')}`;

/** Where the lab homes user n: the contoso fixture puts user01-20 on pool01 and user21-40 on pool02. */
export function homePool(n: number): string {
  if (n <= 40) return n <= 20 ? POOL01 : POOL02;
  return n % 2 === 1 ? POOL01 : POOL02;
}

export function benchUser(n: number): BenchUser {
  const sam = samOf(n);
  const pool = homePool(n);
  const granted = pool === POOL01 && n % 10 === 1 && n > 1;
  const four = String(n).padStart(4, '0');
  return {
    n,
    sam,
    sipAddress: `sip:${sam}@${DOMAIN}`,
    pool,
    dialPlan: pool === POOL02 || granted ? 'LyncSipDP2' : 'LyncSipDP',
    lineUri: `tel:+1425555${four};ext=5${four}`,
    extension: `5${four}`,
    ...(granted ? { locationProfile: 'LyncSipDP2Users' } : {}),
  };
}

export function benchUsers(count: number): BenchUser[] {
  return Array.from({ length: count }, (_, i) => benchUser(i + 1));
}

/** The `umlync:topology` value for N voice users. */
export function benchTopology(count: number): Record<string, unknown> {
  return {
    domain: DOMAIN,
    exchange: { servers: ['ex01.lab.contoso.com', 'ex02.lab.contoso.com'] },
    lync: {
      pools: [
        { fqdn: POOL01, encryption: 'Required' },
        { fqdn: POOL02, encryption: 'Optional' },
        { fqdn: 'dir01.lab.contoso.com', director: true },
      ],
    },
    dialPlans: [
      { name: 'LyncSipDP', extensionDigits: 5, countryCode: '1', accessNumbers: ['+14255550100'] },
      { name: 'LyncSipDP2', extensionDigits: 5, countryCode: '1' },
    ],
    // pool01's gateway keeps outbound calls; pool02's and the fixture's PBX-GW lose them.
    outboundGateway: POOL01,
    locationProfiles: [
      {
        identity: `Registrar:${POOL01}`,
        simpleName: 'Pool01SipDP',
        description: 'Users homed on pool01',
        dialPlan: 'LyncSipDP',
        normalizationRules: [{ name: 'FiveDigitExtension', pattern: '^(5\\d{4})$', translation: '+142555$1', isInternalExtension: true }],
      },
      { identity: `Registrar:${POOL02}`, simpleName: 'Pool02SipDP', description: 'Users homed on pool02', dialPlan: 'LyncSipDP2' },
      { identity: 'LyncSipDP2Users', description: 'Granted per user', dialPlan: 'LyncSipDP2' },
    ],
    autoAttendants: [{ name: 'MainAA', dialPlan: 'LyncSipDP', pilotNumbers: ['+14255550199'] }],
    contacts: [
      { sipAddress: `sip:ova@${DOMAIN}`, displayNumber: '+14255550100', pool: POOL01, ou: 'OU=ExUmContacts,DC=lab,DC=contoso,DC=com', kind: 'SubscriberAccess', dialPlan: 'LyncSipDP' },
      { sipAddress: `sip:mainaa@${DOMAIN}`, displayNumber: '+14255550199', pool: POOL01, ou: 'OU=ExUmContacts,DC=lab,DC=contoso,DC=com', kind: 'AutoAttendant', autoAttendant: 'MainAA' },
    ],
    users: benchUsers(count).map((u) => ({
      identity: u.sam,
      sipAddress: u.sipAddress,
      lineUri: u.lineUri,
      extension: u.extension,
      dialPlan: u.dialPlan,
      ...(u.locationProfile ? { locationProfile: u.locationProfile } : {}),
    })),
  };
}

/** Resources the topology declares besides the users (for per-resource figures). */
export const FIXED_RESOURCES = {
  dialPlans: 2,
  serverDialPlans: 1,
  autoAttendants: 1,
  gateways: 2,
  huntGroups: 4,
  outcallPolicy: 1,
  contacts: 2,
  locationProfiles: 3,
  normalizationRules: 1,
};
