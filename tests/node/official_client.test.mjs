// Every method of GOV.UK Notify's official Node client (notifications-node-client from npm),
// unchanged, against a running Postroom; each answer checked for what Notify documents.
// tests/api/v2/test_node_client.py starts the server, makes the service and passes it in
// POSTROOM_NODE_FIXTURE. Where Postroom does not yet answer as Notify does, the test is marked
// `differs` with the difference: it passes while the difference stays and fails once it is gone,
// so the mark is removed then (pytest's strict xfail).
import assert from "node:assert/strict";
import { test } from "node:test";

import notify from "notifications-node-client";

const fixture = JSON.parse(process.env.POSTROOM_NODE_FIXTURE);
const client = new notify.NotifyClient(fixture.baseUrl, fixture.apiKey);
const PHONE = "+447700900123";
const EMAIL = "someone@example.gov.uk";
const ADDRESS = {
  address_line_1: "Ada Lovelace",
  address_line_2: "12 High Street",
  address_line_3: "SW1A 1AA",
};
const NOTIFY_DATETIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;
const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n");

function differs(name, reason, body) {
  test(`${name} [differs: ${reason}]`, async (t) => {
    let failure = null;
    try {
      await body();
    } catch (error) {
      failure = error;
    }
    assert.ok(failure, `now answers as Notify does: remove the differs mark (${reason})`);
    t.diagnostic(`Postroom today: ${described(failure)}`);
  });
}

// What Postroom answered instead of Notify's answer.
function described(failure) {
  if (failure.response) {
    return `${failure.response.status} ${JSON.stringify(failure.response.data.errors)}`;
  }
  return failure.generatedMessage ? JSON.stringify(failure.actual) : failure.message;
}

// The status and errors of a refused request, as the client hands them over.
async function refused(request) {
  try {
    await request;
  } catch (error) {
    return [error.response.status, error.response.data.errors];
  }
  assert.fail("the request was accepted");
}

const sms = (options = {}) =>
  client
    .sendSms(fixture.smsTemplateId, PHONE, { personalisation: { name: "Ada" }, ...options })
    .then((response) => response.data);
const letter = (options = {}) =>
  client
    .sendLetter(fixture.letterTemplateId, { personalisation: ADDRESS, ...options })
    .then((response) => response.data);
const fetched = (id) => client.getNotificationById(id).then((response) => response.data);
const ids = (response) => response.data.notifications.map((n) => n.id);

// sendSms

test("sendSms answers 201 with Notify's fields", async () => {
  const response = await client.sendSms(fixture.smsTemplateId, PHONE, {
    personalisation: { name: "Ada" },
    reference: "node-sms",
    smsSenderId: fixture.smsSenderId,
  });
  assert.equal(response.status, 201);
  const sent = response.data;
  assert.deepEqual(Object.keys(sent).sort(), [
    "content",
    "id",
    "reference",
    "scheduled_for",
    "template",
    "uri",
  ]);
  assert.equal(sent.reference, "node-sms");
  assert.equal(sent.scheduled_for, null);
  assert.equal(sent.uri, `${fixture.baseUrl}/v2/notifications/${sent.id}`);
  assert.equal(sent.content.from_number, "EXAMPLE");
  assert.deepEqual([sent.template.id, sent.template.version], [fixture.smsTemplateId, 1]);
});

test("sendSms content.body", async () => {
  assert.equal((await sms()).content.body, "Hello Ada");
});

test("sendSms template.uri", async () => {
  const expected = `${fixture.baseUrl}/services/${fixture.serviceId}/templates/${fixture.smsTemplateId}`;
  assert.equal((await sms()).template.uri, expected);
});

test("sendSms with an unknown sender is Notify's BadRequestError", async () => {
  const missing = "8e222534-7f05-4972-86e3-17c5d9f894e2";
  assert.deepEqual(await refused(sms({ smsSenderId: missing })), [
    400,
    [
      {
        error: "BadRequestError",
        message: `sms_sender_id ${missing} does not exist in database for service id ${fixture.serviceId}`,
      },
    ],
  ]);
});

// sendEmail

test("sendEmail answers 201 with subject, body, sender and unsubscribe link", async () => {
  const unsubscribe = "https://example.gov.uk/unsubscribe?opaque=123";
  const response = await client.sendEmail(fixture.emailTemplateId, EMAIL, {
    personalisation: { name: "Ada" },
    reference: "node-email",
    emailReplyToId: fixture.replyToId,
    oneClickUnsubscribeURL: unsubscribe,
  });
  assert.equal(response.status, 201);
  const { content, reference } = response.data;
  assert.equal(reference, "node-email");
  assert.deepEqual([content.subject, content.body], ["Hi Ada", "Hello Ada"]);
  assert.ok(content.from_email.startsWith(`${fixture.emailSenderLocalPart}@`), content.from_email);
  assert.equal(content.one_click_unsubscribe_url, unsubscribe);
});

test("sendEmail sanitiseContentFor", async () => {
  const response = await client.sendEmail(fixture.emailTemplateId, EMAIL, {
    personalisation: { name: "O'Brien, Jr:" },
    sanitiseContentFor: ["name"],
  });
  assert.equal(response.data.content.body, "Hello O'Brien, Jr:");
});

// prepareUpload: a file sent by email

test("prepareUpload makes Notify's personalisation value", () => {
  assert.deepEqual(
    client.prepareUpload(Buffer.from("a,b\n"), {
      filename: "report.csv",
      confirmEmailBeforeDownload: false,
      retentionPeriod: "4 weeks",
    }),
    {
      file: "YSxiCg==",
      filename: "report.csv",
      confirm_email_before_download: false,
      retention_period: "4 weeks",
    },
  );
});

test("sendEmail with prepareUpload", async () => {
  const response = await client.sendEmail(fixture.fileTemplateId, EMAIL, {
    personalisation: { link: client.prepareUpload(Buffer.from("a,b\n"), { filename: "report.csv" }) },
  });
  assert.equal(response.status, 201);
  const { body } = response.data.content;
  assert.ok(!body.includes("YSxiCg=="), body);
  assert.match(body, /^Download it at https?:\/\/\S+$/);
});

// sendLetter

test("sendLetter answers 201 with Notify's fields", async () => {
  const response = await client.sendLetter(fixture.letterTemplateId, {
    personalisation: ADDRESS,
    reference: "node-letter",
  });
  assert.equal(response.status, 201);
  const sent = response.data;
  assert.equal(sent.reference, "node-letter");
  assert.equal(sent.content.subject, "Your licence");
  assert.equal(sent.uri, `${fixture.baseUrl}/v2/notifications/${sent.id}`);
});

test("sendLetter content.body", async () => {
  assert.equal((await letter()).content.body, "Dear Ada Lovelace");
});

test("sendLetter postage", async () => {
  const keys = ["content", "id", "reference", "scheduled_for", "template", "uri"];
  assert.deepEqual(Object.keys(await letter()).sort(), keys);
});

// sendPrecompiledLetter

test("sendPrecompiledLetter answers with Notify's fields", async () => {
  const response = await client.sendPrecompiledLetter("node-pdf", PDF, "first");
  assert.equal(response.status, 201);
  assert.deepEqual(Object.keys(response.data).sort(), ["id", "postage", "reference"]);
  assert.deepEqual([response.data.reference, response.data.postage], ["node-pdf", "first"]);
});

// getNotificationById

test("getNotificationById answers with the message as sent", async () => {
  const sent = await sms({ reference: "node-get" });
  const notification = await fetched(sent.id);
  assert.deepEqual(
    [notification.id, notification.reference, notification.type, notification.status],
    [sent.id, "node-get", "sms", "delivered"],
  );
  assert.deepEqual([notification.phone_number, notification.email_address], [PHONE, null]);
  assert.deepEqual(notification.template, {
    id: fixture.smsTemplateId,
    version: 1,
    uri: `${fixture.baseUrl}/v2/template/${fixture.smsTemplateId}/version/1`,
  });
  for (const field of ["created_at", "sent_at", "completed_at"]) {
    assert.match(notification[field], NOTIFY_DATETIME, field);
  }
});

differs("getNotificationById fields", "no line_1..6, postcode, postage, cost fields", async () => {
  const notification = await fetched((await sms()).id);
  for (const field of ["line_1", "line_6", "postcode", "postage", "cost_details"]) {
    assert.ok(field in notification, field);
  }
  assert.equal(notification.is_cost_data_ready, true);
  assert.equal(typeof notification.cost_in_pounds, "number");
});

test("getNotificationById of a letter", async () => {
  const notification = await fetched((await letter()).id);
  assert.equal(notification.status, "accepted");
  assert.deepEqual(
    [notification.line_1, notification.line_2, notification.line_3],
    Object.values(ADDRESS),
  );
});

test("getNotificationById of an unknown id is Notify's NoResultFound", async () => {
  assert.deepEqual(await refused(client.getNotificationById("8e222534-7f05-4972-86e3-17c5d9f894e2")), [
    404,
    [{ error: "NoResultFound", message: "No result found" }],
  ]);
});

test("getNotificationById of a malformed id", async () => {
  assert.deepEqual(await refused(client.getNotificationById("not-a-uuid")), [
    400,
    [{ error: "ValidationError", message: "notification_id is not a valid UUID" }],
  ]);
});

// getNotifications, with each filter

test("getNotifications filters by template type, status and reference", async () => {
  const delivered = await sms({ reference: "node-list" });
  const email = await client.sendEmail(fixture.emailTemplateId, EMAIL, {
    personalisation: { name: "Ada" },
    reference: "node-list",
  });
  const both = await client.getNotifications(undefined, undefined, "node-list");
  assert.deepEqual(ids(both), [email.data.id, delivered.id]);
  assert.ok(both.data.links.current && both.data.links.next);
  assert.deepEqual(ids(await client.getNotifications("sms", undefined, "node-list")), [delivered.id]);
  assert.deepEqual(ids(await client.getNotifications("email", "delivered", "node-list")), [
    email.data.id,
  ]);
  assert.deepEqual(ids(await client.getNotifications("sms", "permanent-failure", "node-list")), []);
});

test("getNotifications older than a message", async () => {
  const older = await sms({ reference: "node-paging" });
  const newer = await sms({ reference: "node-paging" });
  const page = await client.getNotifications(undefined, undefined, "node-paging", newer.id);
  assert.deepEqual(ids(page), [older.id]);
});

test("getNotifications of letters by status", async () => {
  const sent = await letter({ reference: "node-letter-list" });
  const page = await client.getNotifications("letter", "accepted", "node-letter-list");
  assert.deepEqual(ids(page), [sent.id]);
});

// getPdfForLetterNotification

test("getPdfForLetterNotification of a text message", async () => {
  assert.deepEqual(await refused(client.getPdfForLetterNotification((await sms()).id)), [
    400,
    [{ error: "BadRequestError", message: "Notification is not a letter" }],
  ]);
});

test("getPdfForLetterNotification", async () => {
  const pdf = await client.getPdfForLetterNotification((await letter()).id);
  assert.equal(pdf.subarray(0, 4).toString(), "%PDF");
});

// getTemplateById, getTemplateByIdAndVersion, getAllTemplates, previewTemplateById

test("getTemplateById answers with Notify's template fields", async () => {
  const { data } = await client.getTemplateById(fixture.emailTemplateId);
  assert.deepEqual([data.id, data.type, data.version], [fixture.emailTemplateId, "email", 1]);
  assert.deepEqual([data.subject, data.body], ["Hi ((name))", "Hello ((name))"]);
  assert.equal(data.created_by, fixture.createdBy);
  assert.match(data.created_at, NOTIFY_DATETIME);
  assert.equal(data.letter_contact_block, null);
});

test("getTemplateById personalisation", async () => {
  const { data } = await client.getTemplateById(fixture.emailTemplateId);
  assert.deepEqual(data.personalisation, { name: { required: true } });
});

test("getTemplateByIdAndVersion answers with that version", async () => {
  const { data } = await client.getTemplateByIdAndVersion(fixture.smsTemplateId, 1);
  assert.deepEqual([data.id, data.version, data.body], [fixture.smsTemplateId, 1, "Hello ((name))"]);
  assert.deepEqual(await refused(client.getTemplateByIdAndVersion(fixture.smsTemplateId, 9)), [
    404,
    [{ error: "NoResultFound", message: "No result found" }],
  ]);
});

test("getAllTemplates of each type", async () => {
  const all = (await client.getAllTemplates()).data.templates.map((t) => t.id);
  for (const id of [fixture.smsTemplateId, fixture.emailTemplateId, fixture.letterTemplateId]) {
    assert.ok(all.includes(id), id);
  }
  const letters = (await client.getAllTemplates("letter")).data.templates.map((t) => t.id);
  assert.deepEqual(letters, [fixture.letterTemplateId]);
});

test("getAllTemplates of an unknown type", async () => {
  assert.deepEqual(await refused(client.getAllTemplates("fax")), [
    400,
    [{ error: "ValidationError", message: "type fax is not one of [sms, email, letter]" }],
  ]);
});

test("previewTemplateById of an email", async () => {
  const { data } = await client.previewTemplateById(fixture.emailTemplateId, { name: "Ada" });
  assert.deepEqual([data.id, data.type, data.version], [fixture.emailTemplateId, "email", 1]);
  assert.deepEqual([data.subject, data.body], ["Hi Ada", "Hello Ada"]);
  assert.ok(data.html.includes("Hello Ada"), data.html);
});

test("previewTemplateById with no personalisation sends {}", async () => {
  const { data } = await client.previewTemplateById(fixture.plainTemplateId);
  assert.equal(data.body, "Dear Sir or Madam");
});

test("previewTemplateById with personalisation missing", async () => {
  assert.deepEqual(await refused(client.previewTemplateById(fixture.emailTemplateId, {})), [
    400,
    [{ error: "BadRequestError", message: "Missing personalisation: name" }],
  ]);
});

test("previewTemplateById of a text message", async () => {
  const { data } = await client.previewTemplateById(fixture.smsTemplateId, { name: "Ada" });
  assert.equal(data.body, "Hello Ada");
});

// getReceivedTexts

test("getReceivedTexts, newest first, and older than one", async () => {
  const { data } = await client.getReceivedTexts();
  const [newest, oldest] = data.received_text_messages;
  assert.deepEqual(Object.keys(newest).sort(), [
    "content",
    "created_at",
    "id",
    "notify_number",
    "service_id",
    "user_number",
  ]);
  assert.deepEqual([newest.content, oldest.content], ["second", "first"]);
  assert.deepEqual([newest.service_id, newest.notify_number], [fixture.serviceId, "447700900500"]);
  assert.match(newest.created_at, NOTIFY_DATETIME);
  assert.ok(data.links.current && data.links.next);
  const older = (await client.getReceivedTexts(newest.id)).data.received_text_messages;
  assert.deepEqual(
    older.map((m) => m.id),
    [oldest.id],
  );
});
