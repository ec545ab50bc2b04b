"""scikit-learn baseline for bench/scale.ts: TfidfVectorizer + sparse dot products.

Usage:
  /usr/bin/python3 bench/sklearn_bench.py CORPUS.jsonl MODE [--queries 1000] [--seed 1] [--k 10]
      [--cap-all 120] [--block-nnz 20000000] [--lists-out PATH] [--lists-sample 200]

CORPUS.jsonl has one {"id", "title", "text"} per line; documents are title + "\n" + text.
MODE is "quality" (stop_words="english", sublinear_tf=True) or "plain" (TfidfVectorizer()).
Prints one JSON object on stdout. Rows of X are l2-normalised, so X @ X.T is the cosine matrix.
"""
import argparse
import json
import resource
import sys
import time

import numpy as np
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer


def top_k(scores, k, self_index, ids):
    """Top k (index, score) with score > 0, best first, ties by id: the order alsolike uses."""
    scores[self_index] = -np.inf
    if k < len(scores):
        part = np.argpartition(-scores, k - 1)[:k]
        # Keep every candidate tied with the k-th score, then order by (-score, id).
        kth = scores[part].min()
        part = np.flatnonzero(scores >= kth)
    else:
        part = np.arange(len(scores))
    part = [int(i) for i in part if scores[i] > 0]
    part.sort(key=lambda i: (-scores[i], ids[i]))
    return [(i, float(scores[i])) for i in part[:k]]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("corpus")
    p.add_argument("mode", choices=["quality", "plain"])
    p.add_argument("--queries", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--cap-all", type=float, default=120.0, help="seconds for the all-lists pass")
    p.add_argument("--block-nnz", type=int, default=20_000_000, help="rows per block * n_docs")
    p.add_argument("--lists-out")
    p.add_argument("--lists-sample", type=int, default=200)
    a = p.parse_args()

    t = time.perf_counter()
    ids, docs = [], []
    with open(a.corpus, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                ids.append(r["id"])
                docs.append(r.get("title", "") + "\n" + r["text"])
    load_s = time.perf_counter() - t
    rss_loaded = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    n = len(docs)

    vec = TfidfVectorizer(stop_words="english", sublinear_tf=True) if a.mode == "quality" else TfidfVectorizer()
    t = time.perf_counter()
    X = vec.fit_transform(docs).tocsr()
    fit_s = time.perf_counter() - t
    del docs

    # The transpose as CSR, once: `X[q] @ X.T` with X.T left as CSC makes scipy convert the whole
    # matrix on every query, which would flatter alsolike.
    t = time.perf_counter()
    XT = X.T.tocsr()
    transpose_s = time.perf_counter() - t

    rng = np.random.default_rng(a.seed)
    queries = rng.choice(n, size=a.queries, replace=n < a.queries)
    for q in queries[:20]:  # warm-up
        top_k((X[q] @ XT).toarray().ravel(), a.k, q, ids)
    times = []
    lists = {}
    for j, q in enumerate(queries):
        q = int(q)
        t = time.perf_counter()
        scores = (X[q] @ XT).toarray().ravel()
        res = top_k(scores, a.k, q, ids)
        times.append(time.perf_counter() - t)
        if a.lists_out and j < a.lists_sample:
            lists[ids[q]] = [[ids[i], s] for i, s in res]
    times_ms = np.array(times) * 1000

    # The literal `X[q] @ X.T` on a few queries, for reference.
    literal = []
    for q in queries[:20]:
        t = time.perf_counter()
        top_k((X[int(q)] @ X.T).toarray().ravel(), a.k, int(q), ids)
        literal.append(time.perf_counter() - t)

    # All lists, blockwise: dense score block, self masked, argpartition per row.
    block = max(1, min(1000, a.block_nnz // max(1, n)))
    t = time.perf_counter()
    done = 0
    while done < n and time.perf_counter() - t < a.cap_all:
        end = min(n, done + block)
        S = (X[done:end] @ XT).toarray()
        S[np.arange(end - done), np.arange(done, end)] = -np.inf
        kk = min(a.k, n - 1)
        part = np.argpartition(-S, kk - 1, axis=1)[:, :kk]
        rows = np.arange(end - done)[:, None]
        order = np.argsort(-S[rows, part], axis=1)
        _ = part[rows, order]
        done = end
    all_s = time.perf_counter() - t
    all_extrapolated = done < n
    if all_extrapolated:
        all_s = all_s * n / done

    if a.lists_out:
        with open(a.lists_out, "w", encoding="utf-8") as f:
            json.dump({"k": a.k, "mode": a.mode, "lists": lists}, f)

    print(json.dumps({
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "mode": a.mode,
        "n": n,
        "vocabulary": len(vec.vocabulary_),
        "nnz": int(X.nnz),
        "load_s": load_s,
        "fit_s": fit_s,
        "transpose_s": transpose_s,
        "query_p50_ms": float(np.percentile(times_ms, 50)),
        "query_p99_ms": float(np.percentile(times_ms, 99)),
        "query_literal_p50_ms": float(np.median(literal) * 1000),
        "queries": int(len(queries)),
        "all_lists_s": all_s,
        "all_lists_rows_done": done,
        "all_lists_extrapolated": all_extrapolated,
        "block_rows": block,
        "rss_after_load_bytes": rss_loaded,
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }))


if __name__ == "__main__":
    sys.exit(main())
