using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KaPlatform.Accounts.Api.Classification;
using KaPlatform.ServiceDefaults.Auth;
using static KaPlatform.Accounts.Tests.AccountsFixture;

namespace KaPlatform.Accounts.Tests;

public sealed class ClassificationTests(AccountsFixture host) : IClassFixture<AccountsFixture>
{
    public static TheoryData<decimal, decimal, string?, decimal, string, string, string, string, string, string> Table => new()
    {
        // potential, contribution, lifecycle, closeness → potential level, contribution level, class, resource, management, quadrant
        { 30_000_000m, 15_000_000m, null, 60m, "high", "high", "A", "invest_heavily", "retain", "core" },
        { 29_999_999.99m, 15_000_000m, null, 59.99m, "medium", "high", "B", "maintain", "retain", "growth" },
        { 50_000_000m, 10_000_000m, null, 0m, "high", "medium", "C", "develop", "grow", "growth" },             // docs/product.md's example: stepped down
        { 20_000_000m, 10_000_000m, null, 0m, "medium", "high", "B", "maintain", "retain", "growth" },          // ratio exactly 0.5: no step
        { 20_000_000.02m, 10_000_000m, null, 0m, "medium", "medium", "C", "develop", "grow", "growth" },       // ratio just under 0.5
        { 19_999_999.98m, 9_999_999.99m, "acquisition", 0m, "medium", "medium", "C", "develop", "acquire", "growth" },
        { 10_000_000m, 4_999_999.99m, null, 0m, "medium", "low", "C", "develop", "grow", "growth" },
        { 9_999_999.99m, 5_000_000m, null, 60m, "low", "medium", "D", "minimal", "wait_and_see", "traction" },
        { 10_000_001m, 5_000_000m, null, 0m, "medium", "low", "C", "develop", "grow", "growth" },              // medium stepped down to low
        { 5_000_000m, 4_999_999.99m, null, 10m, "low", "low", "D", "minimal", "wait_and_see", "problem" },
        { 0m, 0m, null, 0m, "low", "low", "D", "minimal", "wait_and_see", "problem" },
        { 0m, 12_000_000m, "decline", 0m, "low", "high", "B", "maintain", "win_back", "problem" },             // no potential: no step-down
        { 40_000_000m, 39_000_000m, "decline", 80m, "high", "high", "A", "invest_heavily", "win_back", "core" },
        { 9_000_000m, 10_000_000m, null, 100m, "low", "high", "B", "maintain", "retain", "traction" },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void The_classification_table_holds_on_its_boundaries(
        decimal potential, decimal contribution, string? stage, decimal closeness,
        string potentialLevel, string contributionLevel, string @class, string resource, string management, string quadrant)
    {
        var outcome = Classifier.Classify(new AssessmentInputs(2026, contribution, potential, null, null, null, null, null, null), stage, closeness, new ClassificationSettings());

        Assert.Equal((potentialLevel, contributionLevel, @class, resource, management, quadrant),
            (outcome.PotentialLevel, outcome.ContributionLevel, outcome.Class, outcome.ResourceStrategy, outcome.ManagementStrategy, outcome.MatrixQuadrant));
        Assert.NotEmpty(outcome.Tactics.Resource);
        Assert.NotEmpty(outcome.Tactics.Management);
    }

    [Fact]
    public async Task Assessments_classify_on_the_boundary_keep_history_and_announce_only_a_changed_class()
    {
        var (_, client) = host.NewKam();
        var id = await RegisterIdAsync(client, "浙江移动宁波分公司");
        var qualifying = new { marginPct = 15m, purchaseGrowthPct = 10m, avgPaymentDelayDays = 60, creditRating = "B", strategicFit = 3, openness = 2 };

        var first = await PostAsync(client, $"/api/accounts/{id}/assessments",
            new { fiscalYear = 2025, contribution = 10_000_000m, potential = 15_000_000m, qualifying.marginPct, qualifying.purchaseGrowthPct, qualifying.avgPaymentDelayDays, qualifying.creditRating, qualifying.strategicFit, qualifying.openness });
        Assert.Equal("B", first.GetProperty("class").GetString());
        Assert.Equal("high", first.GetProperty("contributionLevel").GetString());
        Assert.Equal("medium", first.GetProperty("potentialLevel").GetString());
        Assert.Equal("maintain", first.GetProperty("resourceStrategy").GetString());
        Assert.Equal("growth", first.GetProperty("matrixQuadrant").GetString());
        var criteria = first.GetProperty("qualification").GetProperty("criteria").EnumerateArray()
            .ToDictionary(c => c.GetProperty("criterion").GetString()!, c => c.GetProperty("met").GetBoolean());
        Assert.Equal(["sales_volume", "margin", "growth", "potential", "credit_payment", "strategic_entry_point", "openness"], criteria.Keys);
        Assert.Equal([true, true, true, true, true, true, false], criteria.Values);
        Assert.True(first.GetProperty("qualified").GetBoolean());

        var second = await PostAsync(client, $"/api/accounts/{id}/assessments", new { fiscalYear = 2026, contribution = 9_999_999.99m, potential = 15_000_000m, creditRating = "C", avgPaymentDelayDays = 10 });
        Assert.Equal("C", second.GetProperty("class").GetString());
        Assert.Equal("medium", second.GetProperty("contributionLevel").GetString());
        Assert.False(second.GetProperty("qualified").GetBoolean());
        Assert.False(second.GetProperty("qualification").GetProperty("criteria")[4].GetProperty("met").GetBoolean());
        await PostAsync(client, $"/api/accounts/{id}/assessments", new { fiscalYear = 2026, contribution = 9_000_000m, potential = 15_000_000m });
        // An earlier fiscal year is history only: the current class stays that of 2026.
        await PostAsync(client, $"/api/accounts/{id}/assessments", new { fiscalYear = 2024, contribution = 50_000_000m, potential = 50_000_000m });

        var view = await GetAsync(client, $"/api/accounts/{id}/classification");
        Assert.Equal("C", view.GetProperty("current").GetProperty("class").GetString());
        Assert.Equal(2026, view.GetProperty("current").GetProperty("fiscalYear").GetInt32());
        Assert.Equal(4, view.GetProperty("history").GetArrayLength());
        Assert.Equal("C", (await GetAsync(client, $"/api/accounts/{id}")).GetProperty("class").GetString());
        Assert.Contains(id, Ids(await GetAsync(client, "/api/accounts?class=C&limit=500")));

        var classified = await host.PublishedAsync("AccountClassified", id, atLeast: 2);
        await Task.Delay(200);
        Assert.Equal(2, await host.OutboxCountAsync("AccountClassified", id));
        Assert.Equal([(null, "B"), ("B", "C")], classified.Select(c => (c.GetProperty("previousClass").GetString(), c.GetProperty("class").GetString())).ToList());
    }

    [Fact]
    public async Task The_matrix_reads_the_power_maps_closeness_and_the_strategy_follows_the_lifecycle_stage()
    {
        var (_, client) = host.NewKam();
        var id = await RegisterIdAsync(client, "江苏移动", extra: new { lifecycleStage = "decline" });
        await PostAsync(client, $"/api/accounts/{id}/stakeholders", new { name = "王总", influence = 4, stance = "ally", relationshipCloseness = 80, solutionAcceptance = 50, priceAcceptance = 40 });
        await PostAsync(client, $"/api/accounts/{id}/stakeholders", new { name = "李工", influence = 1, stance = "neutral", relationshipCloseness = 20, solutionAcceptance = 20, priceAcceptance = 20 });
        // (4·63 + 1·20) ÷ 5 = 54.4 → weak; then 王总 closer → (4·75 + 20) ÷ 5 = 64 → strong.
        var weak = await PostAsync(client, $"/api/accounts/{id}/assessments", new { fiscalYear = 2026, contribution = 20_000_000m, potential = 35_000_000m });
        Assert.Equal(54.4m, weak.GetProperty("compositeCloseness").GetDecimal());
        Assert.Equal("growth", weak.GetProperty("matrixQuadrant").GetString());
        Assert.Equal("A", weak.GetProperty("class").GetString());
        Assert.Equal("win_back", weak.GetProperty("managementStrategy").GetString());
        Assert.NotEmpty(weak.GetProperty("tactics").GetProperty("management").EnumerateArray());

        var wang = (await GetAsync(client, $"/api/accounts/{id}/stakeholders")).GetProperty("items").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "王总");
        using var patch = await AccountTests.PatchAsync(client, id, new { relationshipCloseness = 100, solutionAcceptance = 60, priceAcceptance = 35 }, $"/stakeholders/{wang.GetProperty("id").GetGuid()}");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var strong = await PostAsync(client, $"/api/accounts/{id}/assessments", new { fiscalYear = 2026, contribution = 20_000_000m, potential = 35_000_000m });
        Assert.Equal(64m, strong.GetProperty("compositeCloseness").GetDecimal());
        Assert.Equal("core", strong.GetProperty("matrixQuadrant").GetString());
    }

    [Fact]
    public async Task Bad_assessments_are_400_per_field()
    {
        var (_, client) = host.NewKam();
        var id = await RegisterIdAsync(client, "安徽移动");
        var problem = await PostAsync(client, $"/api/accounts/{id}/assessments",
            new { contribution = -1, potential = 1, creditRating = "E", strategicFit = 6, openness = -1 }, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "fiscalYear", "contribution", "creditRating", "strategicFit", "openness" })
        {
            Assert.True(errors.TryGetProperty(field, out _), field);
        }

        await PostAsync(client, $"/api/accounts/{id}/assessments", new { fiscalYear = 2026, contribution = "many", potential = 1 }, HttpStatusCode.BadRequest);
    }
}

/// <summary>Own service: changing the thresholds must not disturb the other classes' assessments.</summary>
public sealed class ClassificationSettingsTests(AccountsFixture host) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task Admins_change_thresholds_and_tactics_and_the_next_assessment_uses_them()
    {
        using var get = await host.Admin.GetAsync("/api/accounts/settings/classification");
        var defaults = await ReadAsync(get, HttpStatusCode.OK);
        Assert.Equal(30_000_000m, defaults.GetProperty("potentialLevels").GetProperty("high").GetDecimal());
        Assert.Equal(0.5m, defaults.GetProperty("contributionLevels").GetProperty("stepDownRatio").GetDecimal());

        var (_, kam) = host.NewKam();
        await GetAsync(kam, "/api/accounts/settings/classification", HttpStatusCode.Forbidden);
        using var kamPut = await kam.PutAsJsonAsync("/api/accounts/settings/classification", new { });
        Assert.Equal(HttpStatusCode.Forbidden, kamPut.StatusCode);

        var settings = new
        {
            potentialLevels = new { high = 50_000_000m, medium = 10_000_000m },
            contributionLevels = new { high = 10_000_000m, medium = 5_000_000m, stepDownRatio = 0.2m },
            tactics = new Dictionary<string, string[]> { ["develop"] = ["派驻解决方案专家"] },
        };
        using var stale = new HttpRequestMessage(HttpMethod.Put, "/api/accounts/settings/classification") { Content = JsonContent.Create(settings) };
        stale.Headers.TryAddWithoutValidation("If-Match", "\"41\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await host.Admin.SendAsync(stale)).StatusCode);
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/accounts/settings/classification") { Content = JsonContent.Create(settings) };
        put.Headers.TryAddWithoutValidation("If-Match", get.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, (await host.Admin.SendAsync(put)).StatusCode);

        var id = await RegisterIdAsync(kam, "山东移动");
        var result = await PostAsync(kam, $"/api/accounts/{id}/assessments", new { fiscalYear = 2026, contribution = 10_000_000m, potential = 40_000_000m });
        Assert.Equal("medium", result.GetProperty("potentialLevel").GetString());
        Assert.Equal("high", result.GetProperty("contributionLevel").GetString());
        Assert.Equal("B", result.GetProperty("class").GetString());

        var c = await PostAsync(kam, $"/api/accounts/{id}/assessments", new { fiscalYear = 2026, contribution = 6_000_000m, potential = 40_000_000m });
        Assert.Equal("C", c.GetProperty("class").GetString());
        Assert.Equal(["派驻解决方案专家"], c.GetProperty("tactics").GetProperty("resource").EnumerateArray().Select(t => t.GetString()).ToList());

        using var bad = await host.Admin.PutAsJsonAsync("/api/accounts/settings/classification",
            new { potentialLevels = new { high = 1m, medium = 2m }, closenessWeights = new { relationship = 0.9m, solution = 0.3m, price = 0.2m }, tactics = new Dictionary<string, string[]> { ["bribe"] = ["x"] } });
        var problem = await ReadAsync(bad, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("potentialLevels", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("closenessWeights", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("tactics", out _));
    }
}
