/**
 * Mirrors an area to other hosts over <a href="https://github.com/real-logic/aeron">Aeron</a>: a
 * {@link speculo.bridge.BridgeSender} reads a local area and publishes every change; a
 * {@link speculo.bridge.BridgeReceiver} is the writer of a local mirror area and applies them. The
 * protocol between the two is docs/BRIDGE.md and {@link speculo.bridge.MessageDescriptor}.
 */
module speculo.bridge {
    requires transitive speculo.api;
    requires io.aeron.client;
    requires io.aeron.driver;
    requires org.agrona;

    exports speculo.bridge;
}
