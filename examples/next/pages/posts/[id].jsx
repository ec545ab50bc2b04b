// A post page with its "You May Also Like" list; data from lib/posts.mjs at build time.
export { getStaticPaths, getStaticProps } from "../../lib/posts.mjs";

export default function Post({ post, related }) {
  return (
    <main>
      <article>
        <h1>{post.title}</h1>
        <p>{post.body}</p>
      </article>
      {related.length > 0 && (
        <aside>
          <h2>You May Also Like</h2>
          <ul>
            {related.map((r) => (
              <li key={r.id}><a href={r.url}>{r.title}</a></li>
            ))}
          </ul>
        </aside>
      )}
    </main>
  );
}
