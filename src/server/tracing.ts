/**
 * OpenTelemetry tracing, when an OTLP endpoint is configured: a span for each GraphQL operation
 * (envelop's plugin), exported in batches over OTLP/HTTP by the OpenTelemetry Node SDK. Every
 * OpenTelemetry module is imported here, dynamically, only when tracing is on: without an endpoint
 * none is loaded and nothing runs (the server bundle leaves them out, scripts/build-server.mjs).
 */
import type { Plugin } from 'graphql-yoga';

export interface Tracing {
  /** Yoga plugins to run before all others, so that every operation is traced. */
  readonly plugins: Plugin[];
  /** Exports the spans still waiting, then stops. */
  shutdown(): Promise<void>;
}

export async function startTracing(url: string): Promise<Tracing> {
  const [{ context, propagation }, { useOpenTelemetry, setCurrentOtelContext }, sdk, exporter, resources] = await Promise.all([
    import('@opentelemetry/api'),
    import('@envelop/opentelemetry'),
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const provider = new sdk.NodeTracerProvider({
    // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES, when set, take precedence.
    resource: resources
      .resourceFromAttributes({ 'service.name': 'parley' })
      .merge(resources.detectResources({ detectors: [resources.envDetector] })),
    // Headers, timeout and batching follow the usual OTEL_EXPORTER_OTLP_* and OTEL_BSP_* variables.
    spanProcessors: [new sdk.BatchSpanProcessor(new exporter.OTLPTraceExporter({ url }))],
  });
  // The global provider, context manager (AsyncLocalStorage) and W3C trace-context propagator.
  provider.register();

  /** A request that carries a `traceparent` (a proxy's or a client's trace) gets its spans in that trace. */
  const joinCallersTrace: Plugin = {
    onExecute({ args }) {
      const headers = (args.contextValue as { request?: Request }).request?.headers;
      if (!headers?.has('traceparent')) return;
      setCurrentOtelContext(
        args.contextValue,
        propagation.extract(context.active(), headers, {
          get: (carrier, key) => carrier.get(key) ?? undefined,
          keys: (carrier) => [...carrier.keys()],
        }),
      );
    },
  };
  // Not the variables or results (they carry data), nor a span per resolver (thousands for one
  // list); the document only when it holds no inline argument values (the plugin's own rule).
  const operations = useOpenTelemetry({ resolvers: false, variables: false, result: false }, provider, undefined, undefined, 'parley');
  return {
    plugins: [joinCallersTrace, operations as Plugin],
    shutdown: () => provider.shutdown(),
  };
}
