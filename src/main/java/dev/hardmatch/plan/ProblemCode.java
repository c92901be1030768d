package dev.hardmatch.plan;

/**
 * Why a link (or the whole plan) cannot be planned. The names are stable: they appear as is in
 * {@code problems} output, and scripts and the docs name them.
 */
public enum ProblemCode {
  AD_USER_NOT_FOUND,
  AD_USER_AMBIGUOUS,
  AD_ANCHOR_INVALID,
  TARGET_NOT_FOUND,
  TARGET_DELETED,
  TARGET_SYNCED_ELSEWHERE,
  TARGET_ANCHORED_ELSEWHERE,
  TARGET_PRIVILEGED,
  DUPLICATE_LICENSED,
  DUPLICATE_PROTECTED,
  DUPLICATE_CLOUD_ONLY,
  DUPLICATES_DISABLED,
  PURGE_DISABLED,
  AD_UPN_MISMATCH,
  HOLDER_IS_TARGET,
  MAX_DELETES_EXCEEDED,
  WRONG_TENANT,
  UPN_DOMAIN_NOT_VERIFIED
}
