using System.Net;
using Dapper;
using KaPlatform.Testing;
using Npgsql;

namespace KaPlatform.ApiContract.Tests;

/// <summary>The defects issue 13 names besides hostile input, each pinned by a test.</summary>
public sealed class KnownDefectTests(ApiContractFixture platform)
{
    [Fact]
    public async Task A_contract_that_has_already_ended_gets_a_renewal_record_but_no_RenewalDue()
    {
        var today = ApiContractFixture.BusinessToday;
        var contract = platform.Ids.Contract;
        await ApiCall.SendAsync(platform.Kam, HttpMethod.Post, $"/api/contracts/{contract}/sign",
            new { signedAt = today.AddDays(-400), startDate = today.AddDays(-400), endDate = today.AddDays(-10) });

        await using var success = new NpgsqlConnection(platform.Database("success"));
        await Eventually.TrueAsync(async () =>
                await success.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM renewals WHERE contract_id = @contract)", new { contract }),
            TimeSpan.FromSeconds(60), "success-api tracks the signed contract");
        await ApiCall.SendAsync(platform.Admin, HttpMethod.Post, "/api/success/renewals/due-scan");

        var published = await success.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM outbox WHERE message_type LIKE 'KaPlatform.Success.IntegrationEvents.RenewalDue,%' AND body->>'contractId' = @id",
            new { id = contract.ToString() });
        Assert.Equal(0, published);
    }

    [Fact]
    public async Task A_bid_can_be_recorded_as_submitted_in_the_past_but_not_in_the_future()
    {
        var opportunity = Id(await ApiCall.SendAsync(platform.Kam, HttpMethod.Post, "/api/opportunities", new
        {
            accountId = platform.Ids.Account, name = "视频会议系统", type = "new_business", amount = 300_000m, currency = "CNY",
            expectedCloseDate = ApiContractFixture.BusinessToday.AddDays(20),
        }, HttpStatusCode.Created));
        var bid = Id(await ApiCall.SendAsync(platform.Kam, HttpMethod.Post, $"/api/opportunities/{opportunity}/bids", new
        {
            tenderRef = "SHDX-VC-" + Guid.NewGuid().ToString("N")[..6], issuer = "上海电信采购中心", submissionDeadline = DateTimeOffset.UtcNow.AddDays(5),
        }, HttpStatusCode.Created));

        var future = await ApiCall.SendAsync(platform.Kam, HttpMethod.Post, $"/api/bids/{bid}/submit",
            new { submittedAt = DateTimeOffset.UtcNow.AddDays(1) }, HttpStatusCode.BadRequest);
        Assert.True(future.GetProperty("errors").TryGetProperty("submittedAt", out _));

        var handedIn = new DateTimeOffset(2026, 11, 28, 2, 0, 0, TimeSpan.Zero);
        var submitted = await ApiCall.SendAsync(platform.Kam, HttpMethod.Post, $"/api/bids/{bid}/submit", new { submittedAt = handedIn });
        Assert.Equal(handedIn, submitted.GetProperty("submittedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_plan_review_can_carry_the_date_it_took_place()
    {
        var path = $"/api/accounts/{platform.Ids.Account}/plans/{platform.Ids.FiscalYear}/reviews";
        var heldOn = new DateTimeOffset(platform.Ids.FiscalYear, 1, 15, 1, 0, 0, TimeSpan.Zero);
        var review = await ApiCall.SendAsync(platform.Kam, HttpMethod.Post, path,
            new { quarter = 1, notes = "一季度复盘：回款滞后", reviewedAt = heldOn }, HttpStatusCode.Created);
        Assert.Equal(heldOn, review.GetProperty("reviewedAt").GetDateTimeOffset());

        await ApiCall.SendAsync(platform.Kam, HttpMethod.Post, path,
            new { quarter = 2, notes = "未来的复盘", reviewedAt = DateTimeOffset.UtcNow.AddDays(3) }, HttpStatusCode.BadRequest);
    }

    private static Guid Id(System.Text.Json.JsonElement element) => element.GetProperty("id").GetGuid();
}
