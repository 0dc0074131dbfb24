// Stored shapes of every object kind (JSON rows). Property bags keyed by the real PowerShell
// property names hold the table-driven settings (see fields.ts).
import { Plain } from './values';

export interface Named {
  id: string;
  name: string;
  whenCreated: string;
  whenChanged: string;
}

export interface UMDialPlan extends Named {
  /** Frozen at creation: `<original name>.<domain>`. */
  phoneContext: string;
  /** Dial plan's UMAutoAttendant setting (an AA id). */
  umAutoAttendant: string | null;
  props: Record<string, Plain>;
}

export interface UMMailboxPolicy extends Named {
  dialPlan: string;
  props: Record<string, Plain>;
}

export interface UMIPGateway extends Named {
  props: Record<string, Plain>;
}

export interface UMHuntGroup extends Named {
  gateway: string;
  dialPlan: string;
  pilotIdentifier: string | null;
}

export interface UMAutoAttendant extends Named {
  dialPlan: string;
  fallback: string | null;
  props: Record<string, Plain>;
}

export type StartupMode = 'TCP' | 'TLS' | 'Dual';

export interface UMServiceState {
  dialPlans: string[];
  props: Record<string, Plain>;
  /** The startup mode the running service uses (changes only on restart). */
  runningStartupMode: StartupMode;
  restartPending: boolean;
}

export interface ExServer {
  id: string;
  name: string;
  fqdn: string;
  roles: string[];
  version: string;
  site: string;
  um: UMServiceState;
  umcr: UMServiceState;
  /** Windows services the lab emulates on this machine (name -> last start time). */
  services: Record<string, { displayName: string; started: string }>;
}

export interface PinState {
  /** sha256 of the PIN; the PIN itself is never stored. */
  hash: string;
  history: string[];
  expired: boolean;
  lockedOut: boolean;
  firstTimeUser: boolean;
}

export interface UMState {
  policy: string;
  dialPlan: string;
  props: Record<string, Plain>;
  pin: PinState;
}

export interface MailboxState {
  alias: string;
  emailAddresses: string[];
  database: string;
  server: string;
  um: UMState | null;
  /** UM settings retained by Disable-UMMailbox -KeepProperties $true. */
  keptUm: Record<string, Plain> | null;
}

export interface LyncState {
  sipAddress: string;
  pool: string;
  enabled: boolean;
  enterpriseVoiceEnabled: boolean;
  lineUri: string | null;
  dialPlan: string | null;
  props: Record<string, Plain>;
}

export interface User {
  id: string;
  sam: string;
  name: string;
  displayName: string;
  firstName: string;
  lastName: string;
  upn: string;
  dn: string;
  whenCreated: string;
  whenChanged: string;
  mailbox: MailboxState | null;
  lync: LyncState | null;
}

export interface OU {
  id: string;
  dn: string;
  name: string;
}

export interface CsSite {
  id: string;
  siteId: number;
  name: string;
}

export interface CsPool {
  id: string;
  fqdn: string;
  /** AD object name of the pool (ExchUcUtil uses it for gateway names), e.g. 1:1. */
  adName: string;
  site: string;
  services: string[];
  computers: string[];
  director: boolean;
  version: number;
}

export interface NormalizationRule {
  name: string;
  description: string | null;
  pattern: string;
  translation: string;
  isInternalExtension: boolean;
}

export interface CsDialPlan {
  id: string;
  /** Normalised identity: Global, Site:<name>, Service:Registrar:<fqdn>, Tag:<name>. */
  identity: string;
  props: Record<string, Plain>;
  rules: NormalizationRule[];
}

export interface CsMediaConfig {
  id: string;
  identity: string;
  props: Record<string, Plain>;
}

export interface CsExUmContact {
  id: string;
  ou: string;
  sipAddress: string;
  pool: string;
  displayNumber: string;
  autoAttendant: boolean;
  description: string | null;
  enabled: boolean;
  enterpriseVoiceEnabled: boolean;
  whenCreated: string;
  whenChanged: string;
}

export interface Certificate {
  id: string;
  thumbprint: string;
  side: 'exchange' | 'lync';
  /** Exchange server name, or Lync computer FQDN. */
  host: string;
  subject: string;
  san: string[];
  issuer: string;
  issuerRoot: string;
  selfSigned: boolean;
  notBefore: string;
  notAfter: string;
  /** Exchange: IIS, SMTP, UM, UMCallRouter, ...; Lync: Default, WebServicesInternal, ... */
  services: string[];
  friendlyName: string;
  serialNumber: string;
}
