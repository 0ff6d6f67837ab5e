// Moderation and the live directory end to end: real server, real Chromium. The streamer goes live
// from the studio; an anonymous directory page sees the viewer count change without reloading (the
// directory feed); the streamer deletes a viewer's message (it disappears for the viewer) and times
// the viewer out (the viewer sees the notice, the input closes, still after a reload); the streamer
// appoints a moderator in Chat settings, who bans the viewer; emote-only shows to the room.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, newPage as newPageOn, registerUser, shot, startServer } from './harness.mjs';

const title = `Moderated open ${Date.now().toString(36)}`;
let server, br;
let streamer, viewer, directory;
let streamId;

const newPage = () => newPageOn(br.browser, server.url);
const register = (prefix) => registerUser(br.browser, server.url, prefix);

const chatLog = (page) => page.getByRole('log', { name: 'Chat messages' });
const line = (page, text) => chatLog(page).locator('li').filter({ hasText: text });

async function say(page, text) {
  await page.getByRole('textbox', { name: 'Chat message' }).fill(text);
  await page.getByRole('button', { name: 'Send' }).click();
}

before(async () => {
  server = await startServer();
  br = await launchBrowser();
});

after(async () => {
  await br?.close();
  await server?.stop();
});

test('the streamer goes live; an open directory page counts the viewer who joins, without reloading', async () => {
  streamer = await register('mod');
  const s = streamer.page;
  await s.goto('/studio');
  await s.getByRole('button', { name: 'Start preview' }).click();
  await s.waitForFunction(() => document.querySelector('video[aria-label="Preview"]')?.readyState >= 2);
  await s.getByLabel('Title').fill(title);
  await s.getByRole('button', { name: 'Go live' }).click();
  await s.getByRole('button', { name: 'End stream' }).waitFor();

  directory = await newPage();
  await directory.page.goto('/');
  const card = directory.page.getByRole('link', { name: `${title} by ${streamer.name}` });
  await card.waitFor();
  // The streamer's own studio chat is in the room and may count; the viewer adds one.
  const before = Number(/(\d+) viewers?/.exec(await card.textContent())[1]);
  const loads = [];
  directory.page.on('request', (r) => r.url().includes('/api/v1/streaming?') && r.url().includes('status=LIVE') && loads.push(r.url()));

  viewer = await register('chatter');
  const list = await (await fetch(`${server.url}/api/v1/streaming?status=LIVE`)).json();
  streamId = list.streams.find((x) => x.title === title).stream_id;
  await viewer.page.goto(`/watch/${streamId}`);
  await viewer.page.getByRole('heading', { name: title }).waitFor();
  const after = before + 1;
  await card.getByText(`${after} ${after === 1 ? 'viewer' : 'viewers'}`, { exact: true }).waitFor();
  assert.equal(loads.length, 0, `the directory reloaded the list instead of using the feed: ${loads}`);
});

test("the streamer deletes a viewer's message; it disappears for the viewer", async () => {
  const v = viewer.page;
  const s = streamer.page;
  const doomed = `buy my signals group ${Date.now()}`;
  const kept = `what is the level? ${Date.now()}`;
  await say(v, kept);
  await say(v, doomed);
  await line(s, doomed).waitFor();
  await line(v, doomed).waitFor();
  await line(s, doomed).getByRole('button', { name: 'Delete message' }).click();
  await line(v, doomed).waitFor({ state: 'detached' });
  await line(s, doomed).waitFor({ state: 'detached' });
  assert.equal(await line(v, kept).count(), 1, 'the other message stays');
});

test('the streamer times the viewer out; the viewer sees it, and a send is refused with a readable reason', async () => {
  const v = viewer.page;
  const s = streamer.page;
  await line(s, 'what is the level?').getByRole('button', { name: 'Time out 5 minutes' }).click();
  await chatLog(s).getByText(`${viewer.name} was timed out for 5 minutes.`).waitFor();
  await chatLog(v).getByText('You were timed out for 5 minutes.').waitFor();
  await v.getByRole('status').filter({ hasText: /You are timed out of this chat\. You can write again in [45]:\d\d\./ }).waitFor();
  assert.equal(await v.getByRole('textbox', { name: 'Chat message' }).isDisabled(), true);
  await shot(v, 'watch-timed-out');

  // The timeout is stored: after a reload, joining tells the page at once (notice back, input closed).
  await v.reload();
  await v.getByRole('heading', { name: title }).waitFor();
  await v.getByRole('status').filter({ hasText: /You are timed out of this chat\. You can write again in [45]:\d\d\./ }).waitFor();
  assert.equal(await v.getByRole('textbox', { name: 'Chat message' }).isDisabled(), true);
});

test('the streamer appoints a moderator in Chat settings; the moderator bans the viewer; emote-only shows as a notice', async () => {
  const s = streamer.page;
  const helper = await register('helper');
  const settings = s.getByRole('region', { name: 'Chat settings' });
  await settings.getByRole('textbox', { name: 'Moderator username' }).fill(helper.name);
  await settings.getByRole('button', { name: 'Add moderator' }).click();
  await settings.getByRole('list', { name: 'Moderators' }).getByText(helper.name, { exact: true }).waitFor();

  const h = helper.page;
  await h.goto(`/watch/${streamId}`);
  await h.getByRole('heading', { name: title }).waitFor();
  const said = `mod on duty ${Date.now()}`;
  await say(h, said);
  await line(s, said).getByText('Mod', { exact: true }).waitFor();  // the moderator badge

  // The moderator's menu on the viewer's line: ban. The viewer's input closes with a reason.
  await line(h, 'what is the level?').getByRole('button', { name: `Ban ${viewer.name}` }).click();
  await viewer.page.getByRole('status').filter({ hasText: 'You are banned from this chat. You can still watch.' }).waitFor();
  assert.equal(await viewer.page.getByRole('textbox', { name: 'Chat message' }).isDisabled(), true);

  // The streamer turns on emote-only: everyone in the room sees the mode above the input.
  await settings.getByRole('switch', { name: 'Emote-only' }).click();
  await h.getByRole('note', { name: 'Chat mode' }).filter({ hasText: 'Emote-only chat' }).waitFor();
  await viewer.page.getByRole('note', { name: 'Chat mode' }).filter({ hasText: 'Emote-only chat' }).waitFor();
  await shot(viewer.page, 'watch-banned-emote-only');
  await settings.getByRole('switch', { name: 'Emote-only' }).click();
  await h.getByRole('note', { name: 'Chat mode' }).waitFor({ state: 'detached' });
});

test('the streamer unbans the viewer from Banned users in Chat settings; the viewer can chat again', async () => {
  const s = streamer.page;
  const v = viewer.page;
  const bans = s.getByRole('region', { name: 'Chat settings' }).getByRole('list', { name: 'Banned users' });
  const row = bans.getByRole('listitem').filter({ hasText: viewer.name });
  await row.waitFor();
  await row.scrollIntoViewIfNeeded();
  await shot(s, 'studio-banned-users');
  await row.getByRole('button', { name: `Unban ${viewer.name}` }).click();
  await row.waitFor({ state: 'detached' });
  await v.getByRole('status').filter({ hasText: 'You are banned from this chat.' }).waitFor({ state: 'detached' });
  const back = `thanks for the second chance ${Date.now()}`;
  await say(v, back);
  await line(s, back).waitFor();
});
