package protocol

// https://microsoft.github.io/language-server-protocol/specifications/specification-3-16#telemetry_event

const ServerTelemetryEvent = Method("telemetry/event")
