# syntax=docker/dockerfile:1
# One image recipe for every Spring Boot module of the repository (services, gateway, token issuer).
# Build from the repository root, naming the Maven module (and, for segmentation-service, the jar suffix):
#   docker build -f docker/service.Dockerfile --build-arg MODULE=customer-service -t crm/customer-service .
#   docker build -f docker/service.Dockerfile --build-arg MODULE=segmentation-service --build-arg JAR_SUFFIX=-exec .

ARG JDK_IMAGE=eclipse-temurin:21-jdk
ARG JRE_IMAGE=eclipse-temurin:21-jre

FROM ${JDK_IMAGE} AS build
ARG MODULE
ARG JAR_SUFFIX=""
WORKDIR /src
COPY . .
# the module and the platform modules it depends on, without tests (CI runs them); the Maven cache survives builds
RUN --mount=type=cache,target=/root/.m2 \
    test -n "${MODULE}" || { echo "build arg MODULE is required" >&2; exit 1; }; \
    ./mvnw -B -q -pl "${MODULE}" -am -DskipTests package \
    && cp "${MODULE}/target/$(basename "${MODULE}")-"*[0-9T]"${JAR_SUFFIX}.jar" /tmp/app.jar \
    && mkdir /layers \
    && java -Djarmode=tools -jar /tmp/app.jar extract --layers --launcher --destination /layers

FROM ${JRE_IMAGE}
RUN groupadd --system --gid 10001 crm \
    && useradd --system --uid 10001 --gid crm --home-dir /app --shell /usr/sbin/nologin crm
WORKDIR /app
# least to most often changed, one image layer each
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
USER 10001:10001
# heap sized from the container's memory limit; JAVA_TOOL_OPTIONS is read by the JVM itself (override it to tune)
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75.0 -XX:InitialRAMPercentage=50.0 -XX:+ExitOnOutOfMemoryError" \
    LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs
EXPOSE 8080 9090
# exec form: java is PID 1, receives SIGTERM itself and shuts down gracefully (server.shutdown=graceful)
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
