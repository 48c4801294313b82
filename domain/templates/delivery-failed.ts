// The office's notice that an email did not reach its readers, so someone tells them another way.
import type { Block } from '../mail-blocks';
import type { Notification } from '../notification';
import { officeGreeting, paragraph, taskFields, type Wording } from './parts';
import { SUBJECT_PREFIX } from './subjects';
import { SYSTEM_NAME } from '../labels';

export function deliveryFailed(n: Notification, { task, title }: Wording): Block[] {
  const f = n.failure;
  const rows: [string, string][] = f
    ? [
        ['邮件类别', SUBJECT_PREFIX[f.kind]],
        ...(f.subject ? ([['邮件主题', f.subject]] as [string, string][]) : []),
        ['未送达地址', f.recipients.join('、') || '（无）'],
        ['退信原因', f.reason],
      ]
    : [];
  return [
    officeGreeting(task),
    paragraph(
      `${SYSTEM_NAME}发送的${title}相关通知未能送达，收件人尚未收到。请核实收件人邮箱地址是否有效（如人员岗位调整，请及时更新实施方案中的负责人信息），并通过电话等方式告知相关同志。`,
    ),
    { type: 'fields', rows },
    taskFields(n, { branches: false }),
  ];
}
