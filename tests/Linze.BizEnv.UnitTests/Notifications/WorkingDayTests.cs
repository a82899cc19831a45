using Linze.BizEnv.Web.Notifications;

namespace Linze.BizEnv.UnitTests.Notifications;

/// <summary>Which days the daily digest goes out on: Monday to Friday, less the configured holidays, plus the configured 调休 weekends.</summary>
public class WorkingDayTests
{
    private static readonly NotificationOptions Calendar = new()
    {
        Holidays = [new(2030, 10, 1), new(2030, 10, 2)],
        WorkingWeekends = [new(2030, 9, 29)],
    };

    [Theory]
    [InlineData("2030-09-27", null)] // Friday
    [InlineData("2030-09-28", "周末")] // Saturday
    [InlineData("2030-09-29", null)] // Sunday, a 调休 working day
    [InlineData("2030-10-01", "法定节假日")] // Tuesday, a holiday
    [InlineData("2030-10-02", "法定节假日")]
    [InlineData("2030-10-03", null)] // Thursday, not configured as a holiday
    [InlineData("2030-10-05", "周末")]
    public void ADayIsWorkingUnlessItIsAWeekendOrAHolidayAndNotAWorkingWeekend(string date, string? reason)
    {
        var day = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(reason, Calendar.DayOff(day));
        Assert.Equal(reason is null, Calendar.IsWorkingDay(day));
    }

    [Fact]
    public void WithoutACalendarMondayToFridayAreWorkingDays()
    {
        var plain = new NotificationOptions();

        Assert.True(plain.IsWorkingDay(new(2030, 10, 1)));
        Assert.False(plain.IsWorkingDay(new(2030, 9, 29)));
    }
}
