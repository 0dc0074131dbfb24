// The snapshots the pool's read cache holds: one per object set umlync reads in bulk with one
// Get- cmdlet. Reads, write-through and invalidation name them with this type, so a misspelt
// key is a compile error instead of a stale read served for up to the cache's lifetime.

export type CacheKey =
  // the field-table kinds, keyed by their resource type
  | 'UmDialPlan'
  | 'UmIpGateway'
  | 'UmHuntGroup'
  | 'LocationProfile'
  | 'NormalizationRule'
  | 'ExUmContact'
  | 'UmAutoAttendant'
  // VoiceEnabledUser's two halves
  | 'CsUser'
  | 'UMMailbox';
