package lasso.runtime;

/**
 * Marks the messages that may cross nodes; configuration binds it to Akka's Jackson CBOR serializer
 * ({@code akka.actor.serialization-bindings}). Java serialization is switched off.
 */
public interface CborSerializable {
}
