// Starts GraphiQL (served from /static/vendor, no CDN) against the endpoint named in the page.
// A separate file rather than an inline script, so that a strict Content-Security-Policy holds.
(function () {
  const el = document.getElementById('graphiql');
  const params = new URLSearchParams(window.location.search);
  const fetcher = GraphiQL.createFetcher({ url: new URL(el.dataset.endpoint, window.location.href).href });
  const root = ReactDOM.createRoot(el);
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultQuery: el.dataset.example,
      query: params.get('query') || undefined,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
    }),
  );
})();
