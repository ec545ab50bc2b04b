// Eleventy 3 configuration of the example. Eleventy's default folders are the ones used here:
// posts/ are rendered with _includes/post.njk (posts/posts.json), and _data/related.js gives
// every template the related lists; the site goes to _site/.
export default function (eleventyConfig) {
  eleventyConfig.ignores.add("README.md");
}
