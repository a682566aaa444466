package io.faasfed.gateway.registry;

class InMemoryFunctionRegistryTest extends AbstractFunctionRegistryTest {

    @Override
    FunctionRegistry registry() {
        return new InMemoryFunctionRegistry();
    }
}
