// The broker's two kinds of hook, never mixed: observers watch (synchronous, may not change anything)
// and policies decide (authentication, authorization, fault injection). Later features (topic tree,
// QoS diagrams, session inspector, QoS lab) are built on these.

import type { BrokerMessage } from './message'

/** Who a connection is, as policies and observers see it. */
export interface ClientInfo {
  clientId: string
  username: string | null
  /** "ip:port" of the peer. */
  address: string
  protocolVersion: 3 | 4 | 5
  /** Which listener accepted it, e.g. "tcp 127.0.0.1:1883". */
  listener: string
  /** Common Name of a verified client certificate (TLS listeners with require_certificate). */
  certificateCommonName: string | null
}

/** What CONNECT offers for authentication. */
export interface AuthRequest {
  clientId: string
  username: string | null
  password: Buffer | null
  address: string
  listener: string
  certificateCommonName: string | null
  protocolVersion: 3 | 4 | 5
}

/** The outcome of authentication: accepted (possibly as another username, e.g. the certificate CN), or refused with a v5 CONNACK reason code. */
export type AuthResult = { ok: true; username: string | null } | { ok: false; reasonCode: 0x86 | 0x87 | 0x8a | 0x88 | 0x8c; reason: string }

/** A decision may be immediate or awaited; the broker skips the await when it is immediate (hot path). */
export type MaybePromise<T> = T | Promise<T>

/**
 * A fault the QoS lab injects on one packet: let it through, drop it (the sender believes it went),
 * hold it for a time or until a promise settles (step mode), send or handle it twice, or cut the
 * connection right after it without a DISCONNECT (an abnormal end: the will is published).
 */
export type PacketFault = 'send' | 'drop' | 'duplicate' | 'cut-after' | { delayMs: number } | { until: Promise<void> }

/** Policy hooks may veto. Every method is optional; missing means "allow". */
export interface BrokerPolicy {
  authenticate?(req: AuthRequest): MaybePromise<AuthResult>
  authorizePublish?(client: ClientInfo, topicName: string): MaybePromise<boolean>
  /** Called for delivery too ("read" access in mosquitto's ACL terms) when `authorizeRead` is absent. */
  authorizeSubscribe?(client: ClientInfo, topicFilter: string): MaybePromise<boolean>
  /** mosquitto checks read access per delivered topic; a false here drops the message for that client. */
  authorizeRead?(client: ClientInfo, topicName: string): boolean
  /** Fault injection on a packet the broker is about to send. */
  onPacketOut?(client: ClientInfo, packet: { cmd: string; messageId?: number }): PacketFault
  /** Fault injection on a packet the broker has just received (before handling). */
  onPacketIn?(client: ClientInfo, packet: { cmd: string; messageId?: number }): PacketFault
}

/** Why a message did not reach a client, counted per client and in $SYS. */
export type DropReason = 'queue-full' | 'expired' | 'too-large' | 'no-subscribers' | 'not-authorized'
export const DROP_REASONS: readonly DropReason[] = ['queue-full', 'expired', 'too-large', 'no-subscribers', 'not-authorized']

/** One step of a QoS exchange, for the sequence diagrams. */
export interface FlowStep {
  clientId: string
  direction: 'in' | 'out'
  cmd: string
  packetId: number | null
  qos: 0 | 1 | 2 | null
  dup: boolean
  topic: string | null
  reasonCode: number | null
  at: number
}

/** A session's lifecycle, for the session inspector. */
export type SessionEvent =
  | { kind: 'created' | 'resumed' | 'taken-over' | 'expired' | 'discarded'; clientId: string }
  | { kind: 'connected' | 'disconnected'; clientId: string; reason: string }
  | { kind: 'subscriptions-changed'; clientId: string }

/** Observers watch; they must be fast and never throw (each call is wrapped anyway). */
export interface BrokerObserver {
  packetIn?(client: ClientInfo, packet: Readonly<Record<string, unknown>> & { cmd: string }, bytes: number): void
  packetOut?(client: ClientInfo, packet: Readonly<Record<string, unknown>> & { cmd: string }, bytes: number): void
  flowStep?(step: FlowStep): void
  /** An inbound PUBLISH became this message (authorized, about to be routed); null packet id for QoS 0. */
  messageAccepted?(client: ClientInfo, packetId: number | null, message: BrokerMessage): void
  /** A client's will, about to be routed by the broker on its behalf (connection lost, or its Will Delay passed). */
  willPublished?(message: BrokerMessage): void
  sessionChanged?(event: SessionEvent): void
  protocolError?(info: { clientId: string | null; address: string; reasonCode: number; message: string }): void
  messageDropped?(info: { clientId: string | null; topic: string; reason: DropReason }): void
  /** A fault policy changed what happened to a packet (so diagrams can show it). */
  faultApplied?(info: { clientId: string; direction: 'in' | 'out'; cmd: string; packetId: number | null; fault: string }): void
}
