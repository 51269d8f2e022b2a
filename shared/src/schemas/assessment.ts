import { z } from 'zod';
import { assessmentPeriodValues } from '../enums-workorders';
import { BeijingDay } from './workorders';
import { UnitBrief } from './workorders-staff';

/**
 * Unit assessment (考核): per unit and per member, this period and the previous one, ranked.
 * Every rate is `count / of` with both numbers, so a screen can say 「18/20」 and a test can check
 * them against the raw steps.
 */

/** `GET /api/agent/assessment?period=month&day=2026-01-15`: the period that contains `day`. */
export const AssessmentQuery = z.object({
  period: z.enum(assessmentPeriodValues).default('month'),
  day: BeijingDay.optional(),
});
export type AssessmentQuery = z.infer<typeof AssessmentQuery>;

export const Rate = z.object({
  count: z.number().int().min(0),
  of: z.number().int().min(0),
  /** `count / of`, or null when nothing was measured. */
  rate: z.number().min(0).max(1).nullable(),
});
export type Rate = z.infer<typeof Rate>;

/** The figures of one unit or member in one period. */
export const AssessmentFigures = z.object({
  /** Orders dispatched to the unit (a member: accepted by her) in the period. */
  orders: z.number().int().min(0),
  contactOnTime: Rate,
  arrivalOnTime: Rate,
  completionOnTime: Rate,
  /** 退单 of these orders. Lower is better. */
  returned: Rate,
  /** 回单 returned at 对单. Lower is better. */
  returnedAtCheck: Rate,
  /** Residents' ratings: 1 − (一般 + 不满意) / rated. */
  satisfaction: Rate,
  /** 0–100: the mean of the rates measured (退单 and returned-at-check counted as 1 − rate). */
  score: z.number().min(0).max(100).nullable(),
});
export type AssessmentFigures = z.infer<typeof AssessmentFigures>;

const PeriodRange = z.object({ from: BeijingDay, to: BeijingDay, label: z.string() });

export const AssessmentRow = z.object({
  rank: z.number().int().min(1),
  current: AssessmentFigures,
  previous: AssessmentFigures,
});

export const Assessment = z.object({
  period: z.enum(assessmentPeriodValues),
  /** `to` is the last day of the period (inclusive). */
  current: PeriodRange,
  previous: PeriodRange,
  units: z.array(
    AssessmentRow.extend({
      unit: UnitBrief,
      members: z.array(AssessmentRow.extend({ member: z.object({ id: z.string(), name: z.string() }) })),
    }),
  ),
});
export type Assessment = z.infer<typeof Assessment>;
