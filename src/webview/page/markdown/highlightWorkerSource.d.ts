// The highlighting worker's bundled code, as text (esbuild.js builds it and inlines it).
declare module 'highlight-worker-source' {
  const source: string;
  export default source;
}
