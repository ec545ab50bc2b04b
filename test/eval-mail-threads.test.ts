import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bodyText, cleanBody, htmlToText, messageIds, parseMessage } from "../scripts/eval/mail-message.js";
import { loadMailThreads, MAIL_PACKAGE, readMailMessage, threadsOf, type MailMessage } from "../scripts/eval/mail-threads.js";

// Messages written for these tests (addresses under example.org); none is taken from the corpus.
const mail = (headers: string[], body: string) => Buffer.from([...headers, "", body].join("\r\n"), "latin1");

describe("parseMessage", () => {
  it("unfolds headers, lower-cases their names and keeps the first of each", () => {
    const m = parseMessage(mail(["Subject: a long", "  subject", "References: <a@example.org>", "\t<b@example.org>", "Received: one", "Received: two"], "Body."));
    expect(m.headers.get("subject")).toBe("a long subject");
    expect(messageIds(m.headers.get("references"))).toEqual(["<a@example.org>", "<b@example.org>"]);
    expect(m.headers.get("received")).toBe("one");
    expect(m.body.toString()).toBe("Body.");
  });
});

describe("bodyText", () => {
  it("decodes quoted-printable and the part's charset", () => {
    const m = parseMessage(mail(["Content-Type: text/plain; charset=iso-8859-1", "Content-Transfer-Encoding: quoted-printable"], "caf=E9 and a soft=\r\nbreak"));
    expect(bodyText(m.headers, m.body)).toBe("café and a softbreak");
  });

  it("decodes base64", () => {
    const m = parseMessage(mail(["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"], Buffer.from("naïve text").toString("base64")));
    expect(bodyText(m.headers, m.body)).toBe("naïve text");
  });

  it("prefers the text/plain parts of a multipart message and skips attachments", () => {
    const body = [
      "--XYZ",
      "Content-Type: text/plain",
      "",
      "Plain words.",
      "--XYZ",
      "Content-Type: text/html",
      "",
      "<p>Html words.</p>",
      "--XYZ",
      "Content-Type: application/octet-stream",
      "Content-Transfer-Encoding: base64",
      "",
      "AAAA",
      "--XYZ--",
    ].join("\r\n");
    const m = parseMessage(mail(['Content-Type: multipart/alternative; boundary="XYZ"'], body));
    expect(bodyText(m.headers, m.body).trim()).toBe("Plain words.");
  });

  it("falls back to the text/html parts, tags stripped", () => {
    const body = ["--B", "Content-Type: text/html", "", "<html><style>p{}</style><p>Only&nbsp;<b>html</b> &amp; more</p></html>", "--B--"].join("\n");
    const m = parseMessage(mail(["Content-Type: multipart/alternative; boundary=B"], body));
    expect(bodyText(m.headers, m.body).replace(/\s+/g, " ").trim()).toBe("Only html & more");
  });
});

describe("htmlToText", () => {
  it("decodes numeric entities", () => {
    expect(htmlToText("a&#233;&#x41;")).toBe("aéA");
  });
});

describe("cleanBody", () => {
  it("drops quoted lines and their attribution, even when it wraps", () => {
    const text = ["I think the spring is fine.", "", "On Mon, 2 Sep 2002, Jo Example", "wrote:", "> the spring broke", "> again", "  | exmh quote", "", "Try a new one."].join("\n");
    expect(cleanBody(text)).toBe("I think the spring is fine.\n\nTry a new one.");
  });

  it("cuts at a signature, an Outlook original or a list footer", () => {
    expect(cleanBody("Answer.\n-- \nJo\nhttp://example.org")).toBe("Answer.");
    expect(cleanBody("Answer.\n-----Original Message-----\nFrom: Jo\nQuestion?")).toBe("Answer.");
    expect(cleanBody("Answer.\n_______________________________________________\nList mailing list\nList@example.org")).toBe("Answer.");
    expect(cleanBody("Answer.\n\nhttp://example.org/mailman/listinfo/widgets")).toBe("Answer.");
  });

  it("drops a PGP signature and armour, and a quoted message's header lines", () => {
    const text = ["-----BEGIN PGP SIGNED MESSAGE-----", "Hash: SHA1", "", "Signed words.", "    Subject: the parent's subject", "-----BEGIN PGP SIGNATURE-----", "abcdef", "-----END PGP SIGNATURE-----", "After."].join("\n");
    expect(cleanBody(text)).toBe("Signed words.\nAfter.");
  });
});

const message = (id: string, messageId: string | undefined, links: string[]): MailMessage => ({ id, links, text: id, ...(messageId ? { messageId } : {}) });

describe("threadsOf", () => {
  it("joins replies to their parents and to each other through an ancestor the corpus lacks", () => {
    const t = threadsOf([
      message("a", "<1@x>", []),
      message("b", "<2@x>", ["<1@x>"]),
      message("c", "<3@x>", ["<9@x>"]), // replies to a message not in the corpus
      message("d", "<4@x>", ["<9@x>", "<3@x>"]),
      message("e", "<5@x>", []),
      message("f", undefined, []),
    ]);
    expect(t.get("a")).toBe(t.get("b"));
    expect(t.get("c")).toBe(t.get("d"));
    expect(new Set(t.values()).size).toBe(4);
    expect(t.get("a")).toBe("thread:a");
  });
});

describe("readMailMessage", () => {
  it("keeps the ids, date, list and cleaned text, and never the subject", () => {
    const m = readMailMessage(
      "easy-ham-1/00007",
      mail(
        ["Message-Id: <7@example.org>", "In-Reply-To: <6@example.org>", "Date: Mon, 02 Sep 2002 10:00:00 +0100", "List-Id: Widget talk <widgets.example.org>", "Subject: Re: springs"],
        "New words.\n> old words",
      ),
    );
    expect(m).toEqual({ id: "easy-ham-1/00007", messageId: "<7@example.org>", links: ["<6@example.org>"], text: "New words.", date: "2002-09-02T09:00:00.000Z", list: "widgets" });
  });
});

describe("loadMailThreads on a package folder made here", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "alsolike-mail-"));
    for (const g of ["easy-ham-1", "easy-ham-2", "hard-ham-1"]) mkdirSync(join(dir, "data", g), { recursive: true });
    const put = (g: string, n: string, headers: string[], body: string) => writeFileSync(join(dir, "data", g, `${n}.abc.txt`), mail(headers, body));
    put("easy-ham-1", "00001", ["Message-Id: <1@x>"], "Springs for widgets.");
    put("easy-ham-1", "00002", ["Message-Id: <2@x>", "In-Reply-To: <1@x>"], "Steel springs.");
    put("easy-ham-2", "00001", ["Message-Id: <3@x>", "References: <1@x> <2@x>"], "Or brass.");
    put("hard-ham-1", "00001", ["Message-Id: <4@x>"], "A newsletter.");
    put("hard-ham-1", "00002", ["Message-Id: <5@x>"], "> only a quote");
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("labels messages by thread, leaves out empty bodies, and queries only threaded messages", () => {
    const c = loadMailThreads({ dir });
    expect(c.articles.map((a) => a.id)).toEqual(["easy-ham-1/00001", "easy-ham-1/00002", "easy-ham-2/00001", "hard-ham-1/00001"]);
    expect(new Set([c.labels.get("easy-ham-1/00001"), c.labels.get("easy-ham-1/00002"), c.labels.get("easy-ham-2/00001")]).size).toBe(1);
    expect(c.queries).toEqual(["easy-ham-1/00001", "easy-ham-1/00002", "easy-ham-2/00001"]);
    expect(c.articles.every((a) => a.title === undefined)).toBe(true);
  });
});

let installed = true;
try {
  createRequire(import.meta.url).resolve(`${MAIL_PACKAGE}/package.json`);
} catch {
  installed = false;
}
describe.skipIf(!installed)(`loadMailThreads on ${MAIL_PACKAGE} (skipped: the package is not installed)`, () => {
  it("reads the ham groups into threads", () => {
    const c = loadMailThreads({ queries: 10 });
    expect(c.articles.length).toBeGreaterThan(4000);
    expect(c.queries).toHaveLength(10);
  });
});
