// What Temporal UI shows of the annual plan workflow without opening payloads.
import { STATE_LABEL } from './labels';
import type { PlanState, planCounts } from './plan-state';

const PHASE_LABEL: Record<PlanState['phase'], string> = {
  running: '执行中',
  'awaiting-final-sign-off': '待组长年度审核',
  'signed-off': '年度审核通过',
  closed: '已结转关闭',
};

export function describePlan(state: PlanState, counts: ReturnType<typeof planCounts>): string {
  const byState = Object.entries(counts.byState)
    .map(([s, n]) => `${STATE_LABEL[s as keyof typeof STATE_LABEL]} ${n}`)
    .join('，');
  const lines = [`${state.year}年：${PHASE_LABEL[state.phase]}`, `各项工作：${byState || '尚未启动'}`];
  if (counts.overdue) lines.push(`逾期：${counts.overdue} 项`);
  if (counts.pending.length) lines.push(`待报送单位：${counts.pending.join('、')}`);
  if (state.past.length) lines.push(`方案启动前已过：${state.past.map((p) => p.title).join('、')}`);
  return lines.join('\n');
}
