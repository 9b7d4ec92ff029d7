// Swagger UI (webjar) over the portal's own OpenAPI description; no CDN.
document.addEventListener('DOMContentLoaded', () => {
  window.SwaggerUIBundle({ url: '/openapi.yaml', dom_id: '#swagger-ui' });
});
