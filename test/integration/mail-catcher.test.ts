// The SMTP catcher the previews, the fault run and the tests read mail from is a real SMTP server:
// it has to survive a client that dies mid-conversation, as a worker killed by the fault run does.
import { once } from 'node:events';
import { connect } from 'node:net';
import { createTransport } from 'nodemailer';
import { startSmtpCatcher, type SmtpCatcher } from '../../preview/mail-catcher';

let catcher: SmtpCatcher;
beforeAll(async () => {
  catcher = await startSmtpCatcher();
});
afterAll(() => catcher?.close());

test('a client whose connection is reset mid-conversation leaves the catcher receiving', async () => {
  const socket = connect(catcher.port, '127.0.0.1');
  socket.setEncoding('utf8');
  const [greeting] = (await once(socket, 'data')) as [string];
  expect(greeting).toMatch(/^220 /);
  socket.write('EHLO killed-worker\r\nMAIL FROM:<office@example.gov.cn>\r\n');
  await once(socket, 'data');
  // A SIGKILLed process's socket: RST, no QUIT.
  socket.resetAndDestroy();
  await once(socket, 'close');

  const transport = createTransport({ url: catcher.url });
  await transport.sendMail({
    from: 'office@example.gov.cn',
    to: 'lead@example.gov.cn',
    subject: '测试',
    text: '正文',
  });
  transport.close();
  const [mail] = await catcher.waitFor(1);
  expect(mail.subject).toBe('测试');
});
