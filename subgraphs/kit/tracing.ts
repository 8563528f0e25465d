import { context, propagation, trace, type Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type express from 'express';
import type { Env } from './config.js';

/**
 * OpenTelemetry traces, only when OTEL_EXPORTER_OTLP_ENDPOINT is set (the exporter reads it and the other
 * standard OTEL_* variables itself). The gateway's spans (@apollo/gateway emits them through the API) and each
 * subgraph's request span join one trace: the gateway sends W3C traceparent with every subgraph fetch and a
 * subgraph continues the trace it names. Without the variable nothing is set up and nothing leaves the process.
 */
let provider: NodeTracerProvider | undefined;

/** Sets tracing up once per process; `service` names it unless OTEL_SERVICE_NAME does. Returns a flush-and-stop. */
export function startTracing(service: string, env: Env = process.env): () => Promise<void> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT || provider) return async () => {};
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME || service }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  provider.register();
  const registered = provider;
  return async () => {
    await registered.shutdown();
    trace.disable();
    propagation.disable();
    context.disable();
    if (provider === registered) provider = undefined;
  };
}

/** Headers carrying the active trace to a subgraph (none when tracing is off). */
export function traceHeaders(): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier;
}

/** Runs `run` inside the trace a request's headers name, as a span of the service's own. */
export function withRequestSpan<T>(service: string, headers: Record<string, string | string[] | undefined>, run: (span: Span) => T): T {
  const parent = propagation.extract(context.active(), headers);
  const span = trace.getTracer('xinyong-taicang').startSpan(`${service} request`, undefined, parent);
  return context.with(trace.setSpan(parent, span), () => run(span));
}

/** Express middleware: each request to a subgraph is a span in the caller's trace, ended when the answer is sent. */
export function requestSpans(service: string): express.RequestHandler {
  return (req, res, next) =>
    withRequestSpan(service, req.headers, (span) => {
      res.once('finish', () => {
        span.setAttribute('http.response.status_code', res.statusCode);
        span.end();
      });
      next();
    });
}
