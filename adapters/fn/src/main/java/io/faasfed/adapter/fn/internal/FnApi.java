package io.faasfed.adapter.fn.internal;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.faasfed.adapter.fn.internal.client.ApiClient;
import io.faasfed.adapter.fn.internal.client.api.AppsApi;
import io.faasfed.adapter.fn.internal.client.api.FnsApi;
import io.faasfed.adapter.fn.internal.client.api.TriggersApi;
import io.faasfed.adapter.fn.internal.client.api.VersionApi;
import io.faasfed.adapter.fn.internal.client.model.App;
import io.faasfed.adapter.fn.internal.client.model.AppCreate;
import io.faasfed.adapter.fn.internal.client.model.AppList;
import io.faasfed.adapter.fn.internal.client.model.Fn;
import io.faasfed.adapter.fn.internal.client.model.FnCreate;
import io.faasfed.adapter.fn.internal.client.model.FnList;
import io.faasfed.adapter.fn.internal.client.model.FnPatch;
import io.faasfed.adapter.fn.internal.client.model.Trigger;
import io.faasfed.adapter.fn.internal.client.model.TriggerCreate;
import io.faasfed.adapter.fn.internal.client.model.TriggerList;
import io.faasfed.adapter.fn.internal.client.model.Version;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.http.codec.json.JacksonJsonEncoder;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Fn management calls the adapter makes, on the client generated from {@code src/main/openapi/fn.yaml}: it
 * shares the platform's pooled {@link WebClient} (so pool and timeouts are the same as for invocations), sends
 * JSON without null fields (Fn's PUT is a merge, so an absent field means "keep") and follows
 * {@code next_cursor} through paged listings. Errors are left as the generated client raises them
 * ({@code WebClientResponseException}); the platform translates them.
 */
public final class FnApi {

    private final AppsApi apps;
    private final FnsApi fns;
    private final TriggersApi triggers;
    private final VersionApi version;
    private final int pageSize;

    /**
     * A client of the Fn server at {@code baseUrl}.
     *
     * @param pooled   the platform's pooled client
     * @param baseUrl  the Fn server's base URL
     * @param auth     sets authentication headers on every call (may do nothing)
     * @param pageSize items per page when listing, 1-100
     */
    public FnApi(WebClient pooled, URI baseUrl, java.util.function.Consumer<HttpHeaders> auth, int pageSize) {
        Objects.requireNonNull(pooled, "pooled");
        JsonMapper mapper = ApiClient.createDefaultMapper(null).rebuild()
                .changeDefaultPropertyInclusion(value -> value.withValueInclusion(JsonInclude.Include.NON_NULL))
                .build();
        WebClient client = pooled.mutate()
                .defaultHeaders(auth)
                .codecs(codecs -> {
                    codecs.defaultCodecs().jacksonJsonEncoder(new JacksonJsonEncoder(mapper));
                    codecs.defaultCodecs().jacksonJsonDecoder(new JacksonJsonDecoder(mapper));
                })
                .build();
        ApiClient apiClient = new ApiClient(client, mapper, ApiClient.createDefaultDateFormat());
        apiClient.setBasePath(baseUrl.toString());
        this.apps = new AppsApi(apiClient);
        this.fns = new FnsApi(apiClient);
        this.triggers = new TriggersApi(apiClient);
        this.version = new VersionApi(apiClient);
        this.pageSize = pageSize;
    }

    /** {@code GET /version}. */
    public Mono<Version> version() {
        return Mono.defer(version::getVersion);
    }

    /** {@code GET /v2/apps?per_page=1}: proves the API and its datastore answer. */
    public Mono<AppList> firstApp() {
        return Mono.defer(() -> apps.listApps(null, 1, null));
    }

    /** {@code GET /v2/apps?name=}: the app called {@code name}, or empty. */
    public Mono<App> findApp(String name) {
        return Mono.defer(() -> apps.listApps(null, null, name))
                .flatMap(list -> Mono.justOrEmpty(first(list.getItems(), app -> name.equals(app.getName()))));
    }

    /** {@code POST /v2/apps}. */
    public Mono<App> createApp(String name) {
        return Mono.defer(() -> apps.createApp(new AppCreate().name(name)));
    }

    /** {@code GET /v2/fns?app_id=&name=}: the function called {@code name} in the app, or empty. */
    public Mono<Fn> findFn(String appId, String name) {
        return Mono.defer(() -> fns.listFns(appId, null, null, name))
                .flatMap(list -> Mono.justOrEmpty(first(list.getItems(), fn -> name.equals(fn.getName()))));
    }

    /** {@code GET /v2/fns?app_id=}, page after page until {@code next_cursor} is empty. */
    public Flux<Fn> listFns(String appId) {
        return pages(cursor -> fns.listFns(appId, cursor, pageSize, null), FnList::getNextCursor)
                .flatMapIterable(list -> nonNull(list.getItems()));
    }

    /** {@code GET /v2/fns/{id}}. */
    public Mono<Fn> getFn(String fnId) {
        return Mono.defer(() -> fns.getFn(fnId));
    }

    /** {@code POST /v2/fns}. */
    public Mono<Fn> createFn(FnCreate body) {
        return Mono.defer(() -> fns.createFn(body));
    }

    /** {@code PUT /v2/fns/{id}} (a merge). */
    public Mono<Fn> updateFn(String fnId, FnPatch body) {
        return Mono.defer(() -> fns.updateFn(fnId, body));
    }

    /** {@code DELETE /v2/fns/{id}}. */
    public Mono<Void> deleteFn(String fnId) {
        return Mono.defer(() -> fns.deleteFn(fnId));
    }

    /** {@code GET /v2/triggers?app_id=&fn_id=}, page after page. */
    public Flux<Trigger> listTriggers(String appId, String fnId) {
        return pages(cursor -> triggers.listTriggers(appId, fnId, cursor, pageSize), TriggerList::getNextCursor)
                .flatMapIterable(list -> nonNull(list.getItems()));
    }

    /** {@code POST /v2/triggers}. */
    public Mono<Trigger> createTrigger(TriggerCreate body) {
        return Mono.defer(() -> triggers.createTrigger(body));
    }

    private static <P> Flux<P> pages(Function<String, Mono<P>> page, Function<P, String> nextCursor) {
        return Mono.defer(() -> page.apply(null)).expand(previous -> {
            String cursor = nextCursor.apply(previous);
            return cursor == null || cursor.isEmpty() ? Mono.empty() : Mono.defer(() -> page.apply(cursor));
        });
    }

    private static <T> T first(List<T> items, java.util.function.Predicate<T> matches) {
        return nonNull(items).stream().filter(matches).findFirst().orElse(null);
    }

    private static <T> List<T> nonNull(List<T> items) {
        return items == null ? List.of() : items;
    }
}
