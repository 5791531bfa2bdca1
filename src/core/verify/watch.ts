// Watching a moved task type: what the registry's lens says about an entry and its verification.
import { modelFamily } from '../present/lens';
import { ageInDays, shortDate, verificationSummary } from './record';
import type { VerificationRecord } from './types';

export interface EntryLens {
  title: string;
  /** show: open the record; revert: "Revert to Sonnet"; verify: open the Verification panel. */
  action: 'show' | 'revert' | 'verify';
  tooltip: string;
}

/**
 * On an entry routed to Haiku: its verification and age with "Revert to Sonnet" (marked due when older than
 * `maxAgeDays`, and when made on another Haiku model), or "not verified · Verify…". On an entry back on Sonnet
 * whose verification was reverted: when.
 */
export function entryLenses(model: string, record: VerificationRecord | undefined, now: Date, maxAgeDays: number): EntryLens[] {
  const onHaiku = modelFamily(model) === 'haiku';
  if (record && !record.revertedAt && onHaiku) {
    const days = ageInDays(record.date, now);
    const due = days > maxAgeDays ? ` · due again (over ${maxAgeDays} days)` : '';
    const other = modelFamily(record.models.haiku) === 'haiku' && record.models.haiku !== model && !model.includes(record.models.haiku) ? ` · made on ${record.models.haiku}` : '';
    return [
      { title: `${verificationSummary(record, now)}${due}${other}`, action: 'show', tooltip: `${record.errors} of ${record.n} inputs wrong on ${record.models.haiku} against ${record.models.sonnet} (${record.grading} grading); 95% Wilson interval. Click to see the record in .tierwise.json.` },
      { title: 'Revert to Sonnet', action: 'revert', tooltip: 'Put this task type back on the Sonnet tier (one undoable edit; the record is marked reverted).' },
    ];
  }
  if (onHaiku) {
    const before = record?.revertedAt ? ` (reverted ${shortDate(record.revertedAt, now)})` : '';
    return [{ title: `not verified${before} · Verify…`, action: 'verify', tooltip: "Run this task type's real inputs on both tiers and grade them before trusting Haiku with it." }];
  }
  if (record?.revertedAt) {
    return [{ title: `reverted to Sonnet ${shortDate(record.revertedAt, now)} (was ${verificationSummary(record, now).replace(/ · [^·]+$/, '')})`, action: 'show', tooltip: `Click to see the record in .tierwise.json.` }];
  }
  return [];
}

