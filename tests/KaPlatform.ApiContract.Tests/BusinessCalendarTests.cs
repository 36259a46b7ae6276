using KaPlatform.Testing;

namespace KaPlatform.ApiContract.Tests;

/// <summary>
/// One business calendar for every service (`Business:TimeZone`): the fixture runs the platform 14 hours ahead of
/// UTC, so a service that took "today" from UTC would disagree with it for most of the day.
/// </summary>
public sealed class BusinessCalendarTests(ApiContractFixture platform)
{
    [Fact]
    public async Task Opportunities_close_a_win_without_a_date_on_the_business_calendars_today()
    {
        var won = await ApiCall.SendAsync(platform.Kam, HttpMethod.Get, $"/api/opportunities/{platform.Ids.WonOpportunity}");
        Assert.Equal(ApiContractFixture.BusinessToday, DateOnly.Parse(won.GetProperty("closeDate").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Contracts_age_receivables_as_of_the_business_calendars_today()
    {
        var aging = await ApiCall.SendAsync(platform.Admin, HttpMethod.Get, "/api/collections/aging");
        Assert.Equal(ApiContractFixture.BusinessToday.ToString("yyyy-MM-dd"), aging.GetProperty("asOf").GetString());
    }

    [Fact]
    public async Task Success_scans_renewals_as_of_the_business_calendars_today()
    {
        var scan = await ApiCall.SendAsync(platform.Admin, HttpMethod.Post, "/api/success/renewals/due-scan");
        Assert.Equal(ApiContractFixture.BusinessToday.ToString("yyyy-MM-dd"), scan.GetProperty("asOf").GetString());
    }
}
