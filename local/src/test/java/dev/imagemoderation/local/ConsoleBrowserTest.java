package dev.imagemoderation.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The audit console in a real headless browser (Debian's chromium through its chromedriver):
 * the demo's executions listed, filtered, one opened with its history, a blurred quarantined
 * image revealed by a named moderator. Screenshots land in {@code local/target/}. Where the
 * browser is not installed the test reports itself skipped.
 */
class ConsoleBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path dir;

    @Test
    void listFilterOpenAndReveal_inHeadlessChromium() throws Exception {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Debian's chromium and chromium-driver are not installed (.ci/run installs them)");
        try (DemoSlack demo = new DemoSlack();
                LocalRuntime runtime =
                        new LocalRuntime(dir.resolve("data"), demo.settings(Map.of()), "127.0.0.1", 0, demo)) {
            demo.requestUrl(runtime.slackEventsUrl());
            demo.awaitSocketMode(Duration.ofSeconds(10));

            WebDriver browser = chromium();
            try {
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
                // Opened before anything arrives: the list keeps looking until the executions are in and done.
                browser.get(runtime.consoleUrl().toString());
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("total"), "0 execution"));
                demo.postImages();
                wait.until(
                        ExpectedConditions.numberOfElementsToBe(By.cssSelector("#executions tbody tr.execution"), 3));
                wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#executions td.status.RUNNING"), 0));
                wait.until(
                        ExpectedConditions.numberOfElementsToBe(By.cssSelector("#executions td.status.SUCCEEDED"), 3));
                assertThat(browser.findElement(By.id("demo-banner")).isDisplayed())
                        .isTrue();
                // It reads like Slack: names for ids, and the bot's mrkdwn rendered with mentions as names.
                assertThat(browser.findElement(By.id("executions")).getText()).contains("#general", "@pat-poster");
                wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("demo-slack"), "@pat-poster"));
                assertThat(browser.findElement(By.id("demo-slack")).getText())
                        .doesNotContain("<@U0POSTER01>")
                        .doesNotContain("*Removed*");
                assertThat(browser.getTitle()).startsWith("DEMO");
                screenshot(browser, "console-list.png");

                new Select(browser.findElement(By.id("verdict-filter"))).selectByValue("REMOVE");
                wait.until(
                        ExpectedConditions.numberOfElementsToBe(By.cssSelector("#executions tbody tr.execution"), 1));
                WebElement row = browser.findElement(By.cssSelector("#executions tbody tr.execution"));
                assertThat(row.findElement(By.cssSelector("td.verdict")).getText())
                        .isEqualTo("REMOVE");
                assertThat(row.getText()).contains("nsfwjs-mobilenet_v2-4.4.0");
                row.click();

                wait.until(ExpectedConditions.presenceOfElementLocated(By.id("execution-name")));
                assertThat(browser.findElements(By.cssSelector("#history tbody tr"))
                                .size())
                        .isGreaterThan(10);
                assertThat(browser.findElement(By.id("rules")).getText()).contains("REMOVE");
                assertThat(browser.findElement(By.id("slack-calls")).getText())
                        .contains("RemoveFiles", "NotifyChannel");
                WebElement quarantine = browser.findElement(By.cssSelector(".quarantine"));
                wait.until(
                        d -> (Boolean)
                                ((org.openqa.selenium.JavascriptExecutor) d)
                                        .executeScript(
                                                "const i = document.querySelector('img.blurred'); return i.complete && i.naturalWidth > 0;"));
                screenshot(browser, "console-execution-blurred.png");

                quarantine.findElement(By.cssSelector("button.reveal")).click();
                wait.until(ExpectedConditions.textToBePresentInElement(
                        quarantine.findElement(By.cssSelector(".reveal-error")), "moderator's name"));
                quarantine.findElement(By.cssSelector("input.moderator")).sendKeys("alex-admin");
                quarantine.findElement(By.cssSelector("input.reason")).sendKeys("checking a false positive report");
                quarantine.findElement(By.cssSelector("button.reveal")).click();
                wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".quarantine img.revealed")));
                wait.until(
                        d -> (Boolean)
                                ((org.openqa.selenium.JavascriptExecutor) d)
                                        .executeScript(
                                                "const i = document.querySelector('img.revealed'); return i.complete && i.naturalWidth == 480;"));
                screenshot(browser, "console-execution-revealed.png");

                // Restore from the console: the moderator's name, then the report's button, through the review
                // workflow.
                WebElement decideBox = browser.findElement(By.id("decide"));
                decideBox
                        .findElement(By.cssSelector("button.decision[data-action=RESTORE]"))
                        .click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#decide .decide-error"), "moderator's name"));
                browser.findElement(By.cssSelector("#decide input.decider")).sendKeys("alex-admin");
                browser.findElement(By.cssSelector("#decide button.decision[data-action=RESTORE]"))
                        .click();
                wait.until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#decisions td.review-outcome"), "DONE"));
                assertThat(browser.findElement(By.id("decisions")).getText()).contains("alex-admin", "RESTORE");
                screenshot(browser, "console-execution-restored.png");
            } finally {
                browser.quit();
            }
            assertThat(Files.readString(dir.resolve("data/audit/reveals.jsonl")))
                    .contains("\"moderator\":\"alex-admin\"", "checking a false positive report");
        }
    }

    private WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + dir.resolve("chromium-profile"),
                "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }

    private static void screenshot(WebDriver browser, String name) throws Exception {
        File shot = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
}
