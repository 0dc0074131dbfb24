// Defaults and naming conventions of a topology: Microsoft's recommendations for a Lync-integrated
// Exchange UM, and the names ExchUcUtil.ps1 would have picked. The defaults of properties that
// belong to a resource kind are read from its field table (they are defined once, there); the
// others are the topology's own. Kept free of the schema so both the schema and the resolver can import it.

import { fieldDefault } from '../resources/define';
import { DIAL_PLAN_NAME_MAX, umDialPlanFields } from '../resources/um-dial-plan/kind';
import { umIpGatewayFields } from '../resources/um-ip-gateway/kind';
import type { VoipSecurity } from './types';

export const DEFAULTS = {
  /** Exchange 2013 is the oldest version that joins SIP dial plans through Set-UMService/Set-UMCallRouterSettings. */
  exchangeVersion: 2013 as 2007 | 2010 | 2013 | 2016,
  /** Dual: the UM services answer TCP and TLS at once, so plans of any security work ("recommended"). */
  startupMode: 'Dual' as 'TCP' | 'TLS' | 'Dual',
  sipTlsPort: 5061,
  sipTcpPort: 5060,
  /** Lync's own default (RequireEncryption). */
  poolEncryption: 'Required' as 'Required' | 'Optional' | 'NotSupported',
  /** Secured (SIP over TLS + SRTP): the only setting every pool encryption level except "none" accepts, and what Lync Phone Edition needs (the dial plan field's default). */
  voipSecurity: fieldDefault(umDialPlanFields.voipSecurity) as VoipSecurity,
  defaultLanguage: fieldDefault(umDialPlanFields.defaultLanguage) as string,
  /** Lync pools take TLS on 5061; a UM IP gateway for a secured dial plan talks mutual TLS (the gateway field's default). */
  gatewayPort: fieldDefault(umIpGatewayFields.port) as number,
  /** Exchange names objects up to 64 characters; "<dial plan> Default Policy" adds 15. */
  dialPlanNameMax: DIAL_PLAN_NAME_MAX,
  /** The UM mailbox policy's MinPINLength default; shorter PINs are refused by Enable-UMMailbox unless the policy was changed. */
  minPinLength: 6,
} as const;

/** Which VoIPSecurity each pool encryption level can talk to (Exchange 2013 overview, "Encryption settings for Lync Phone Edition"). */
export const COMPATIBLE_VOIP_SECURITY: Record<'Required' | 'Optional' | 'NotSupported', readonly ('SIPSecured' | 'Secured')[]> = {
  Required: ['Secured'],
  Optional: ['SIPSecured', 'Secured'],
  NotSupported: ['SIPSecured'],
};

/** The mailbox policy New-UMDialPlan creates with every dial plan. */
export function defaultMailboxPolicyName(dialPlan: string): string {
  return `${dialPlan} Default Policy`;
}

/**
 * The dial plan's PhoneContext ("<name>.<domain>"). Which domain Exchange appends is not
 * documented; the lab uses the forest root, and the topology's `domain` is that domain.
 */
export function phoneContext(dialPlan: string, domain: string): string {
  return `${dialPlan}.${domain}`;
}

/** ExchUcUtil's hunt group pilot: the first label of the dial plan's PhoneContext. */
export function pilotIdentifier(phoneContextValue: string): string {
  return phoneContextValue.split('.')[0];
}

/**
 * Default UM IP gateway name for a pool: its FQDN. ExchUcUtil names the gateway after the pool's
 * AD object name, which looks like "1:1" — unknown until AD is read and made of a character
 * (":") that New-UMIPGateway refuses in typed names. The FQDN is stable, unique, and already the
 * gateway's Address, so Get-UMIPGateway output reads naturally and adoption can match either.
 */
export function defaultGatewayName(poolFqdn: string): string {
  return poolFqdn;
}

/** ExchUcUtil names each hunt group after its dial plan. */
export function defaultHuntGroupName(dialPlan: string): string {
  return dialPlan;
}

/** A hunt group's identity is "<gateway>\<hunt group>" (it is a child of the gateway). */
export function huntGroupIdentity(gateway: string, huntGroup: string): string {
  return `${gateway}\\${huntGroup}`;
}

/**
 * A user's default extension: the line URI's ;ext= if any, else the number's last `digits`
 * digits (Microsoft recommends the extension be the trailing digits of the number).
 */
export function defaultExtension(lineNumber: string, ext: string | undefined, digits: number): string {
  if (ext !== undefined) return ext;
  const d = lineNumber.replace(/^\+/, '');
  return d.slice(Math.max(0, d.length - digits));
}

/** EX01 from ex01.contoso.com. */
export function defaultServerName(fqdn: string): string {
  return fqdn.split('.')[0].toUpperCase();
}

/** SIPResourceIdentifier for Enable-UMMailbox: the Lync SIP address without "sip:". */
export function sipResourceIdentifier(sipAddress: string): string {
  return sipAddress.replace(/^sip:/i, '');
}
