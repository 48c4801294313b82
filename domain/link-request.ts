// A fresh link, asked for at the portal's front door by someone who lost their email. Pure: who an
// address is in an open plan (its head, office, deputies, the current lead of a branch), the links
// that person's other emails carry (the plan's for the leading group, each item's for a lead), and
// the mail that brings them. The address is typed by anyone, so nothing here tells the asker
// whether it is known: the portal answers the same either way and only the address's owner is told.
import { renderBlocks, type Block, type RenderedNotification } from './templates';
import { currentLead, type PlanPeople, type PlanState } from './plan-state';
import { SYSTEM_NAME } from './labels';
import { isPerson, roleLabel, type PersonRole } from './roles';
import type { PlanScope } from './organization';

/** One open plan as the request sees it: its people and state, and its items' branches. */
export interface PlanSeen {
  scope: PlanScope;
  planWorkflowId: string;
  organization: string;
  people: PlanPeople;
  state: PlanState;
  /** Workflow id → the branches responsible for the item (from its definition). */
  itemBranches: Record<string, string[]>;
}

/** A link to make: one workflow, in one role, as the person's other emails carry it. */
export interface LinkGrant {
  workflowId: string;
  role: PersonRole;
  /** What the link opens, as the mail names it: 2026年度第5项任务“…”（法规处负责人）. */
  label: string;
}

export interface PersonLinks {
  name: string;
  email: string;
  grants: LinkGrant[];
  /** The first open plan that knows the address: its office signs the mail. */
  plan: PlanSeen;
}

/** Who signs the mail and whom to ask, as every other mail of the plan says it (from an item's definition). */
export interface LinkMailOffice {
  /** 无锡市机关事务管理局文明单位创建工作领导小组办公室 */
  signer: string;
  contact?: { name: string; phone?: string };
}

/** The role on the plan's pages (the dashboard) the address holds: head, office or deputy. */
function planRole(people: PlanPeople, email: string): PersonRole | undefined {
  if (isPerson(people.head, email)) return { kind: 'head' };
  if ((people.office ?? []).some((p) => isPerson(p, email))) return { kind: 'office' };
  if (people.leadingGroup.some((p) => isPerson(p, email))) return { kind: 'deputy' };
  return undefined;
}

function nameIn(people: PlanPeople, state: PlanState, email: string): string | undefined {
  const leads = (people.branches ?? []).map((b) => currentLead(people, state, b.id) ?? b.lead);
  return [people.head, ...(people.office ?? []), ...people.leadingGroup, ...leads].find((p) =>
    isPerson(p, email),
  )?.name;
}

/** How the mail names an item: 第5项任务“…”, 12月“公益志愿”展示月主题活动, “我们的节日·春节”主题活动. */
function itemName(item: { kind: 'task' | 'theme' | 'festival'; id: string; title: string }): string {
  if (item.kind === 'task') return `第${Number(item.id)}项任务“${item.title}”`;
  if (item.kind === 'theme') return `${Number(item.id)}月${item.title}`;
  return item.title;
}

/** The branches the address leads now in a plan (after every change of lead). */
export function branchesLedBy(people: PlanPeople, state: PlanState, email: string) {
  return (people.branches ?? []).filter((b) => isPerson(currentLead(people, state, b.id) ?? b.lead, email));
}

function grantsIn(plan: PlanSeen, email: string): LinkGrant[] {
  const { people, state } = plan;
  const year = `${plan.scope.year}年度`;
  const grants: LinkGrant[] = [];
  const role = planRole(people, email);
  if (role)
    grants.push({
      workflowId: plan.planWorkflowId,
      role,
      label: `${year}创建工作总览（${roleLabel(role)}）`,
    });
  const led = branchesLedBy(people, state, email);
  for (const [workflowId, item] of Object.entries(state.items).sort(([a], [b]) => a.localeCompare(b))) {
    const branches = plan.itemBranches[workflowId] ?? [];
    for (const branch of led.filter((b) => branches.includes(b.id)))
      grants.push({
        workflowId,
        role: { kind: 'lead', branch: branch.id },
        label: `${year}${itemName(item)}（${roleLabel({ kind: 'lead', branch: branch.id }, branch.name)}）`,
      });
  }
  return grants;
}

/** Who the address is in the open plans, and the links to send them; undefined when no plan knows it. */
export function personLinks(plans: PlanSeen[], email: string): PersonLinks | undefined {
  const address = email.trim().toLowerCase();
  const known = plans.filter((p) => nameIn(p.people, p.state, address) !== undefined);
  if (known.length === 0) return undefined;
  return {
    name: nameIn(known[0].people, known[0].state, address)!,
    email: address,
    grants: known.flatMap((p) => grantsIn(p, address)),
    plan: known[0],
  };
}

/**
 * The office as an item's definition names it: it signs the mail, except to its own staff, whom the
 * system writes to (the office does not write to itself).
 */
export function linkMailOffice(
  person: PersonLinks,
  def: { organization: string; officeName: string; contact?: { name: string; phone?: string } },
): LinkMailOffice {
  const toOffice = planRole(person.plan.people, person.email)?.kind === 'office';
  return {
    signer: toOffice ? SYSTEM_NAME : `${def.organization}${def.officeName}`,
    ...(def.contact && { contact: def.contact }),
  };
}

function askWhom(contact: LinkMailOffice['contact']): string {
  if (!contact) return '如有疑问，请与领导小组办公室联系。';
  return `联系人：${contact.name}${contact.phone ? `，电话：${contact.phone}` : ''}。`;
}

export const LINK_REQUEST_SUBJECT = '【文明单位创建】办理链接补发';

/** The mail with the person's links (each already made), as the office writes it. */
export function linkRequestMail(
  person: { name: string },
  links: { label: string; url: string }[],
  today: string,
  office?: LinkMailOffice,
): RenderedNotification {
  const [y, m, d] = today.split('-').map(Number);
  const blocks: Block[] = [
    { type: 'greeting', text: `${person.name}同志：` },
    {
      type: 'paragraph',
      text: '您好！根据在文明单位创建工作平台提交的申请，现将您的办理链接补发如下。点击链接即可进入相应办理页面，原通知邮件中的链接仍可继续使用。',
    },
    links.length > 0
      ? {
          type: 'table',
          headers: ['序号', '事项', '办理链接'],
          rows: links.map((l, i) => [String(i + 1), l.label, l.url]),
        }
      : { type: 'paragraph', text: '目前暂无需要您办理的事项。' },
    { type: 'note', text: '以上链接仅限本人使用，请勿转发。如非本人申请，请忽略本邮件。' },
    { type: 'signature', lines: [office?.signer ?? SYSTEM_NAME, `${y}年${m}月${d}日`] },
    { type: 'note', text: `本邮件由${SYSTEM_NAME}发送。${askWhom(office?.contact)}` },
  ];
  return renderBlocks(LINK_REQUEST_SUBJECT, blocks);
}
