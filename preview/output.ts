// What the preview prints: for each person of the plan, every email they would receive in the year
// and when, then the totals; and, on request, each email as an .eml file.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localDate } from '../domain/calendar';
import { notificationKindLabel } from '../domain/labels';
import type { NotificationKind, PlanNotificationKind } from '../domain/notification';
import type { Plan } from '../domain/plan';
import type { PreviewMail, PreviewResult } from './run';

interface Person {
  email: string;
  name: string;
  role: string;
}

/** Everyone the plan names, in the order of the leading group, then the branches. */
export function people(plan: Plan): Person[] {
  const lg = plan.leadingGroup;
  const list: Person[] = [
    { email: lg.head.email, name: lg.head.name, role: `${lg.head.title ?? ''}，领导小组组长` },
    ...lg.deputies.map((d) => ({ email: d.email, name: d.name, role: `${d.title ?? ''}，分管领导` })),
    { email: lg.office.email, name: lg.office.name, role: '办公室邮箱' },
    ...lg.office.staff.map((s) => ({
      email: s.email,
      name: s.name,
      role: `${s.title ?? ''}，领导小组办公室`,
    })),
    ...plan.branches.map((b) => ({
      email: b.lead.email,
      name: b.lead.name,
      role: `${b.name}${b.lead.title ? b.lead.title : '负责人'}`,
    })),
  ];
  const seen = new Set<string>();
  return list.filter((p) => !seen.has(p.email.toLowerCase()) && seen.add(p.email.toLowerCase()));
}

/** `2020-04-01 09:00` in Asia/Shanghai. */
function when(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return '—';
  const minutes = Math.floor(((ms + 8 * 3_600_000) % 86_400_000) / 60_000);
  return `${localDate(ms)} ${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

function label(kind: string): string {
  try {
    return notificationKindLabel(kind as NotificationKind | PlanNotificationKind) ?? kind;
  } catch {
    return kind;
  }
}

export function formatPreview(result: PreviewResult): string {
  const { plan, mails } = result;
  const lines: string[] = [];
  const start = localDate(result.startedAt);
  const lateNames = result.late.map((id) => plan.branches.find((b) => b.id === id)?.name ?? id);
  const deliveries = mails.reduce((n, m) => n + m.recipients.length, 0);
  lines.push(
    `${plan.organization}${plan.year}年实施方案预览：自${start}起至年度审核，共发出邮件${mails.length}封（${deliveries}人次）。` +
      (lateNames.length
        ? `迟报单位：${lateNames.join('、')}（截止后${8}个工作日报送）。`
        : '各单位均按时报送。'),
    '',
  );
  const byPerson = new Map<string, PreviewMail[]>();
  for (const m of mails)
    for (const r of m.recipients)
      byPerson.set(r.toLowerCase(), [...(byPerson.get(r.toLowerCase()) ?? []), m]);
  for (const p of people(plan)) {
    const got = byPerson.get(p.email.toLowerCase()) ?? [];
    lines.push(`== ${p.name}（${p.role}）<${p.email}>：${got.length}封`);
    for (const m of got) lines.push(`   ${when(m.at)}  ${label(m.kind).padEnd(8, '　')}  ${m.subject}`);
    lines.push('');
  }
  const kinds = new Map<string, number>();
  for (const m of mails) kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
  lines.push(`合计：${mails.length}封。按类型：${[...kinds].map(([k, n]) => `${label(k)} ${n}`).join('，')}`);
  if (result.refused.length)
    lines.push(
      `注意：以下${result.refused.length}项操作被拒绝：`,
      ...result.refused.map((r) => `   ${r.action.type}: ${r.reason}`),
    );
  return `${lines.join('\n')}\n`;
}

/** Writes every email as `<dir>/<nnn>-<workflow>-<key>.eml`, its Date the simulated time it was sent. */
export function writeEml(result: PreviewResult, dir: string): number {
  mkdirSync(dir, { recursive: true });
  result.mails.forEach((m, i) => {
    const date = Number.isNaN(Date.parse(m.at))
      ? undefined
      : new Date(m.at).toUTCString().replace('GMT', '+0000');
    let source = m.raw.toString('utf8');
    if (date) source = source.replace(/^Date: .*$/m, `Date: ${date}`);
    const name = `${String(i + 1).padStart(3, '0')}-${m.workflowId}-${m.key}`.replace(
      /[^A-Za-z0-9._-]/g,
      '_',
    );
    writeFileSync(join(dir, `${name}.eml`), source);
  });
  return result.mails.length;
}
