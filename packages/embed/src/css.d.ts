/** Stylesheets are inlined by the build as minified text (see scripts/build.mjs). */
declare module '*.css' {
  const css: string;
  export default css;
}
