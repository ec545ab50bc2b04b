# Builds the scikit-learn cosine-score fixture for 50 Brown texts. Regenerate with:
#   npx tsx scripts/sklearn-docs.ts | /usr/bin/python3 scripts/sklearn-fixture.py > test/fixtures/sklearn-brown50.json
import json
import sys

import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer

rows = [json.loads(line) for line in sys.stdin if line.strip()]
docs = [r["title"] + "\n" + r["text"] for r in rows]

out = {"generator": "scripts/sklearn-fixture.py", "sklearn": sklearn.__version__,
       "ids": [r["id"] for r in rows], "vocabularySize": {}}
for name, vec in [("raw", TfidfVectorizer()), ("sublinear", TfidfVectorizer(sublinear_tf=True))]:
    X = vec.fit_transform(docs)  # rows are l2-normalised
    out["vocabularySize"][name] = len(vec.vocabulary_)
    out[name] = [[round(float(x), 10) for x in row] for row in (X @ X.T).toarray()]

json.dump(out, sys.stdout)
sys.stdout.write("\n")
