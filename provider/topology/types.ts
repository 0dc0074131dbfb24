// The validated, fully defaulted topology the Pulumi program consumes. Every reference is
// resolved to the declared spelling of its target and every derived name (gateways, hunt
// groups, policies, phone contexts) is computed, so the program only maps it to resources.
// What an entry shares with a resource kind is typed from the kind's fields (a property added
// there appears here); the rest is the topology's own.

import type { InputsOf } from '../resources/define';
import type { exUmContactFields } from '../resources/ex-um-contact/kind';
import type { locationProfileFields } from '../resources/location-profile/kind';
import type { normalizationRuleFields } from '../resources/normalization-rule/kind';
import type { umAutoAttendantFields } from '../resources/um-auto-attendant/kind';
import type { umDialPlanFields } from '../resources/um-dial-plan/kind';
import type { umIpGatewayFields } from '../resources/um-ip-gateway/kind';

export type ExchangeVersion = 2007 | 2010 | 2013 | 2016;
export type ExchangeRole = 'ClientAccess' | 'Mailbox';
export type StartupMode = 'TCP' | 'TLS' | 'Dual';
export type PoolEncryption = 'Required' | 'Optional' | 'NotSupported';
export type VoipSecurity = InputsOf<typeof umDialPlanFields>['voipSecurity'];
export type ContactKind = 'SubscriberAccess' | 'AutoAttendant';
export type LocationProfileScope = 'Global' | 'Site' | 'Registrar' | 'Tag';

export interface ExchangeServer {
  /** Host name, e.g. EX01 (Set-UMService -Identity / Set-UMCallRouterSettings -Server). */
  name: string;
  /** Lower-case FQDN. */
  fqdn: string;
  roles: ExchangeRole[];
  version: ExchangeVersion;
  /** 2013/2016 servers are joined to every SIP dial plan; 2007/2010 ones are only mailbox hosts here. */
  joinsDialPlans: boolean;
  /** Runs the UM service (Mailbox role): gets Set-UMService -DialPlans/-UMStartupMode. */
  umService: boolean;
  /** Runs the UM Call Router (Client Access on 2013; every 2016 Mailbox server): gets Set-UMCallRouterSettings. */
  callRouter: boolean;
}

export interface LyncPool {
  /** Lower-case FQDN. */
  fqdn: string;
  encryption: PoolEncryption;
  director: boolean;
  site?: string;
  /** Name of this pool's UM IP gateway; absent for Directors and pools no dial plan serves. */
  gateway?: string;
  /** Dial plans served through this pool. */
  dialPlans: string[];
}

/** The UM dial plan's own settings (name, extensionDigits, countryCode, voipSecurity, defaultLanguage, faxEnabled, accessNumbers, ...). */
export type DialPlanSettings = Omit<InputsOf<typeof umDialPlanFields>, 'uriType' | 'generateMailboxPolicy'>;

export interface DialPlan extends DialPlanSettings {
  uriType: 'SipName';
  /** Pool FQDNs it serves: one hunt group on each pool's gateway. */
  pools: string[];
  /** Exchange server names joined to it (every 2013/2016 server). */
  servers: string[];
  /** The UM mailbox policy users are enabled with ("<name> Default Policy" unless overridden). */
  mailboxPolicy: string;
  /** "<name>.<domain>", fixed at creation. */
  phoneContext: string;
  /** First label of the phone context: the pilot of its hunt groups. */
  pilotIdentifier: string;
  /** Gateways with a hunt group for it. */
  gateways: string[];
  /** Identities of the location profiles serving it. */
  locationProfiles: string[];
  adopt: boolean;
}

/** The UM IP gateway's settings a gateways entry may set (port, ...). */
export type GatewaySettings = Omit<InputsOf<typeof umIpGatewayFields>, 'name' | 'address' | 'messageWaitingIndicatorAllowed'>;

export interface Gateway extends GatewaySettings {
  name: string;
  pool: string;
  /** New-UMIPGateway -Address: the pool FQDN (secured dial plans need an FQDN). */
  address: string;
  /** True for exactly one gateway: the outbound gateway. */
  outcallsAllowed: boolean;
  dialPlans: string[];
  /** Identities ("gateway\hunt group") of its hunt groups. */
  huntGroups: string[];
  adopt: boolean;
}

export interface HuntGroup {
  name: string;
  /** "<gateway>\<name>". */
  identity: string;
  gateway: string;
  pool: string;
  dialPlan: string;
  pilotIdentifier: string;
  adopt: boolean;
}

export type NormalizationRule = Omit<InputsOf<typeof normalizationRuleFields>, 'dialPlan'>;

/** The Lync dial plan's settings (simpleName, description, externalAccessPrefix, ...). */
export type LocationProfileSettings = Omit<InputsOf<typeof locationProfileFields>, 'identity' | 'umDialPlan'>;

export interface LocationProfile extends LocationProfileSettings {
  /** Canonical: Global, Site:<site>, Service:Registrar:<fqdn>, Tag:<name>. */
  identity: string;
  scope: LocationProfileScope;
  /** Site name, pool FQDN or per-user name (absent for Global). */
  scopeName?: string;
  /** For per-user profiles: the name Grant-CsDialPlan -PolicyName takes. */
  grantName?: string;
  dialPlan: string;
  /** Absent: leave Lync's rules alone. */
  normalizationRules?: NormalizationRule[];
  adopt: boolean;
}

/** The auto attendant's settings (name, pilotNumbers, speechEnabled, enabled, ...). */
export type AutoAttendantSettings = Omit<InputsOf<typeof umAutoAttendantFields>, 'dialPlan'>;

export interface AutoAttendant extends AutoAttendantSettings {
  dialPlan: string;
  /** SIP addresses of the ExUm contacts pointing at it. */
  contacts: string[];
  adopt: boolean;
}

/** The contact's settings (sipAddress, ou, displayNumber, description, ...); registrarPool is `pool`. */
export type ExUmContactSettings = Omit<InputsOf<typeof exUmContactFields>, 'registrarPool' | 'autoAttendant'>;

export interface ExUmContact extends ExUmContactSettings {
  /** "tel:<displayNumber>", as Lync derives it. */
  lineUri: string;
  pool: string;
  kind: ContactKind;
  autoAttendant?: string;
  dialPlan: string;
  adopt: boolean;
}

export type UserOrigin = { kind: 'list'; index: number } | { kind: 'csv'; file: string; line: number };

export interface VoiceUser {
  identity: string;
  sipAddress: string;
  /** For Enable-UMMailbox -SIPResourceIdentifier: the SIP address without "sip:". */
  sipResourceIdentifier: string;
  lineUri: string;
  extension: string;
  dialPlan: string;
  /** = the dial plan's extensionDigits. */
  extensionDigits: number;
  mailboxPolicy: string;
  phoneContext: string;
  /** Per-user location profile to grant (Grant-CsDialPlan -PolicyName). */
  locationProfile?: string;
  pool?: string;
  /** Secret: never log it. */
  pin?: string;
  /** Exchange version of the mailbox's server, when declared. */
  exchangeVersion?: ExchangeVersion;
  mailboxServer?: string;
  adopt: boolean;
  origin: UserOrigin;
}

export interface Certificate {
  server: string;
  subject: string;
  /** The subject's CN (or the whole subject when it has no CN=). */
  subjectName: string;
  san: string[];
  issuerRoot: string;
  thumbprint?: string;
}

export interface Topology {
  domain: string;
  adopt: boolean;
  exchange: {
    servers: ExchangeServer[];
    startupMode: StartupMode;
    sipTlsPort: number;
    sipTcpPort: number;
  };
  lync: { pools: LyncPool[] };
  dialPlans: DialPlan[];
  gateways: Gateway[];
  huntGroups: HuntGroup[];
  /** Name of the one gateway that keeps outbound calls (every other, including pre-existing ones, gets OutcallsAllowed $false). */
  outboundGateway: string;
  locationProfiles: LocationProfile[];
  autoAttendants: AutoAttendant[];
  contacts: ExUmContact[];
  /** The `users` list followed by the CSV's rows. */
  users: VoiceUser[];
  /** Declared for the preflight check; absent when not declared. */
  certificates?: Certificate[];
  usersCsv?: string;
}
