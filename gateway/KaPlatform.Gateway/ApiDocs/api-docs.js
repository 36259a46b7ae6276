// The four services' OpenAPI documents, served by the gateway itself: no CDN, no font or telemetry calls, so the
// page works offline under the same self-only script policy as the workspace.
Scalar.createApiReference('#app', {
  sources: ['accounts', 'opportunities', 'contracts', 'success'].map((service) => ({
    title: service,
    slug: service,
    url: `/openapi/${service}.json`,
  })),
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: true,
  authentication: { preferredSecurityScheme: 'bearer' },
});
