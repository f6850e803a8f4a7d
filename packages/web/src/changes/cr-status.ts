/** How a change request's state and checks are summed up in lists and headers. */
import type { ChangeRequestCheck, ChangeRequestState } from '../api/types.js';

/** Colour of a change request's state tag. */
export const STATE_COLORS: Record<ChangeRequestState, string> = {
  open: 'green',
  merged: 'purple',
  closed: 'default',
};

/** The overall verdict of a change request's checks: one failure fails it, one pending keeps it pending. */
export function checksVerdict(
  checks: readonly Pick<ChangeRequestCheck, 'status'>[],
): 'none' | 'failing' | 'pending' | 'passing' {
  if (checks.length === 0) return 'none';
  if (checks.some((c) => c.status === 'failure' || c.status === 'error')) return 'failing';
  if (checks.some((c) => c.status === 'pending')) return 'pending';
  return 'passing';
}

/** Tag colour of each verdict. */
export const VERDICT_COLORS = {
  none: 'default',
  failing: 'error',
  pending: 'processing',
  passing: 'success',
} as const;
